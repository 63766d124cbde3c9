#include "gazetteer.h"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "gazetteer_impl.h"
#include "text.h"

namespace dossier {

namespace gazetteer_internal {

// Entity detection reads at most this much of a document.
constexpr std::size_t kMaxDetectBytes = std::size_t(8) << 20;
// How far around a name its line is read for the capitals test.
constexpr std::size_t kCapitalsReach = 200;

// ---------------------------------------------------------------- tokens

// Byte classes, looked up rather than compared: the tokenizer asks for
// every byte of a document.
constexpr unsigned char kAlnum = 1, kSpace = 2;
constexpr std::array<unsigned char, 256> kByteClass = [] {
    std::array<unsigned char, 256> classes{};
    for (int c = 0; c < 256; ++c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) classes[c] = kAlnum;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') classes[c] = kSpace;
    }
    return classes;
}();

bool is_ascii_alnum(unsigned char c) { return kByteClass[c] == kAlnum; }

bool is_space(unsigned char c) { return kByteClass[c] == kSpace; }

// Length of the character at pos and its code point, as text.h decodes it.
std::size_t utf8_at(std::string_view text, std::size_t pos, char32_t& cp) {
    std::size_t next = pos;
    cp = next_char(text, next);
    return next - pos;
}

// Letters outside ASCII are word characters; punctuation and spaces of the
// Latin-1 supplement and the general punctuation block are not.
bool is_word_cp(char32_t cp) {
    if (cp < 0x80) return is_ascii_alnum(static_cast<unsigned char>(cp));
    if (cp < 0xC0) return false;
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    if (cp == 0xFEFF) return false;
    return true;
}

/// Tokens of a text one at a time.
class TokenStream {
  public:
    explicit TokenStream(std::string_view text) : text_(text) {}

    bool next(Token& token) {
        while (pos_ < text_.size()) {
            // ASCII, most of any text, without decoding.
            const unsigned char c = static_cast<unsigned char>(text_[pos_]);
            if (c < 0x80 && is_space(c)) {
                ++pos_;
                continue;
            }
            if (c < 0x80 && !is_ascii_alnum(c)) {
                token = {pos_, 1, false};
                ++pos_;
                return true;
            }
            char32_t cp;
            std::size_t len = utf8_at(text_, pos_, cp);
            if ((cp < 0x80 && is_space(static_cast<unsigned char>(cp))) || cp == 0xA0) {
                pos_ += len;
                continue;
            }
            if (!is_word_cp(cp)) {
                token = {pos_, len, false};
                pos_ += len;
                return true;
            }
            std::size_t start = pos_;
            while (pos_ < text_.size()) {
                const unsigned char b = static_cast<unsigned char>(text_[pos_]);
                if (b < 0x80) {
                    if (!is_ascii_alnum(b)) break;
                    ++pos_;
                    continue;
                }
                len = utf8_at(text_, pos_, cp);
                if (!is_word_cp(cp)) break;
                pos_ += len;
            }
            token = {start, pos_ - start, true};
            return true;
        }
        return false;
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    TokenStream stream(text);
    Token t;
    while (stream.next(t)) tokens.push_back(t);
    return tokens;
}

bool starts_upper(std::string_view word) { return !word.empty() && word[0] >= 'A' && word[0] <= 'Z'; }

std::size_t letter_count(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if (is_ascii_alnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0xC0) ++n;
    return n;
}

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find(sep, pos);
        if (end == std::string_view::npos) end = text.size();
        out.emplace_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

EntityName read_name(std::string_view field) {
    EntityName name;
    std::string text = trim(field);
    while (!text.empty() && (text[0] == '=' || text[0] == '?')) {
        if (text[0] == '=') name.exact = true;
        if (text[0] == '?') name.guarded = true;
        text.erase(0, 1);
    }
    name.text = trim(text);
    return name;
}

std::vector<EntityName> read_names(std::string_view field) {
    std::vector<EntityName> names;
    for (const std::string& item : split(field, ';')) {
        EntityName name = read_name(item);
        if (!name.text.empty()) names.push_back(std::move(name));
    }
    return names;
}

// Words only, for comparing a query with a name: "People's Republic" and
// "People Republic" (the index form) compare equal.
std::vector<std::string> words_of(std::string_view text, bool fold_case) {
    std::string form = index_form(text);
    std::vector<std::string> words;
    for (const Token& t : tokenize(form)) {
        if (!t.word) continue;
        std::string w = form.substr(t.offset, t.length);
        words.push_back(fold_case ? fold_filter_value(w) : w);
    }
    return words;
}

std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        if (!out.empty()) out += ' ';
        out += words[i];
    }
    return out;
}

}  // namespace gazetteer_internal

using namespace gazetteer_internal;

// ---------------------------------------------------------------- gazetteer

namespace {

void add_pattern(const Gazetteer::Impl& impl, const std::vector<Entity>& entities, std::size_t index,
                 const EntityName& name, Role role) {
    std::vector<std::string> tokens;
    for (const Token& t : tokenize(name.text)) tokens.push_back(name.text.substr(t.offset, t.length));
    if (tokens.empty()) return;
    impl.patterns[tokens[0]].push_back({tokens, index, &name, role});
    // Headlines in capitals: "PEOPLE'S REPUBLIC OF CHINA". Short and exact
    // names are left out: "US" in "LET US" is no country.
    if (!name.exact && letter_count(name.text) >= 4) {
        std::vector<std::string> upper;
        for (const auto& t : tokens) upper.push_back(ascii_upper(t));
        if (upper != tokens) impl.patterns[upper[0]].push_back({upper, index, &name, role});
    }
    (void)entities;
}

}  // namespace

namespace gazetteer_internal {

std::vector<std::string> ComputedForms::words(std::string_view text, bool fold_case) {
    return words_of(text, fold_case);
}

std::string ComputedForms::folded(std::string_view text) { return fold_filter_value(text); }

}  // namespace gazetteer_internal

Gazetteer Gazetteer::parse(std::string_view tsv) {
    ComputedForms forms;
    return parse(tsv, forms);
}

Gazetteer Gazetteer::parse(std::string_view tsv, gazetteer_internal::FormSource& forms) {
    return from_entities(read_entities(tsv), forms);
}

std::vector<Entity> Gazetteer::read_entities(std::string_view tsv) {
    std::vector<Entity> entities;
    std::size_t line_no = 0;
    for (const std::string& raw : split(tsv, '\n')) {
        ++line_no;
        std::string line = raw;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty() || line[0] == '#') continue;
        std::vector<std::string> fields = split(line, '\t');
        auto bad = [&](const std::string& why) {
            return Error("gazetteer line " + std::to_string(line_no) + ": " + why);
        };
        if (fields.size() != 7) throw bad("expected 7 tab-separated fields, found " + std::to_string(fields.size()));
        Entity e;
        e.id = trim(fields[0]);
        if (e.id.empty()) throw bad("empty id");
        for (char c : e.id)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                throw bad("id '" + e.id + "' must be lower-case ASCII letters, digits and '-'");
        const std::string kind = trim(fields[1]);
        if (kind == "country") {
            e.kind = EntityKind::kCountry;
        } else if (kind == "organisation") {
            e.kind = EntityKind::kOrganisation;
        } else if (kind == "none") {
            e.kind = EntityKind::kNone;
        } else {
            throw bad("kind '" + kind + "' is not country, organisation or none");
        }
        e.name = read_name(fields[2]);
        if (e.name.text.empty()) throw bad("empty name");
        e.aliases = read_names(fields[3]);
        e.adjectives = read_names(fields[4]);
        e.mentions = read_names(fields[5]);
        for (const std::string& c : split(fields[6], ';'))
            if (!trim(c).empty()) e.context.push_back(trim(c));
        for (const Entity& other : entities)
            if (other.id == e.id) throw bad("duplicate id '" + e.id + "'");
        entities.push_back(std::move(e));
    }
    return entities;
}

Gazetteer Gazetteer::from_entities(std::vector<Entity> entities, gazetteer_internal::FormSource& forms) {
    Gazetteer g;
    g.entities_ = std::move(entities);
    auto impl = std::make_shared<Impl>();
    for (std::size_t i = 0; i < g.entities_.size(); ++i) {
        const Entity& e = g.entities_[i];
        auto all = [&](const EntityName& n) { impl->all_folded.emplace_back(i, forms.words(n.text, true)); };
        all(e.name);
        for (const auto& n : e.aliases) all(n);
        for (const auto& n : e.adjectives) all(n);
        for (const auto& n : e.mentions) all(n);
        if (e.kind == EntityKind::kNone) continue;
        impl->by_name.emplace(e.id, i);
        impl->by_name.emplace(forms.folded(e.name.text), i);
        for (const auto& n : e.aliases) impl->by_name.emplace(forms.folded(n.text), i);
        auto query_form = [&](const EntityName& n, Role role) {
            impl->query_forms.push_back({i, &n, role, forms.words(n.text, false), forms.words(n.text, true)});
        };
        query_form(e.name, Role::kName);
        for (const auto& n : e.aliases) query_form(n, Role::kAlias);
        for (const auto& n : e.adjectives) query_form(n, Role::kAdjective);
    }
    g.impl_ = std::move(impl);
    return g;
}

void Gazetteer::Impl::build_patterns(const std::vector<Entity>& entities) const {
    for (std::size_t i = 0; i < entities.size(); ++i) {
        const Entity& e = entities[i];
        add_pattern(*this, entities, i, e.name, Role::kName);
        for (const auto& n : e.aliases) add_pattern(*this, entities, i, n, Role::kAlias);
        for (const auto& n : e.adjectives) add_pattern(*this, entities, i, n, Role::kAdjective);
        for (const auto& n : e.mentions) add_pattern(*this, entities, i, n, Role::kMention);
    }
    // The keys of patterns stay where they are: it is complete.
    for (const auto& [first, list] : patterns) {
        index.emplace(first, &list);
        note_first_token(first);
        for (const Pattern& p : list) longest = std::max(longest, p.tokens.size());
    }
}

const Entity* Gazetteer::find(std::string_view id) const {
    for (const Entity& e : entities_)
        if (e.id == id) return &e;
    return nullptr;
}

const Entity* Gazetteer::lookup(std::string_view name) const {
    if (!impl_) return nullptr;
    std::string folded = fold_filter_value(name);
    auto it = impl_->by_name.find(folded);
    if (it == impl_->by_name.end()) {
        // "south korea" for the id "south-korea", and the reverse.
        std::string dashed = folded;
        std::replace(dashed.begin(), dashed.end(), ' ', '-');
        it = impl_->by_name.find(dashed);
        if (it == impl_->by_name.end()) {
            std::replace(folded.begin(), folded.end(), '-', ' ');
            it = impl_->by_name.find(folded);
        }
    }
    return it == impl_->by_name.end() ? nullptr : &entities_[it->second];
}

namespace {

// Words before a name that do not make it part of a person's name.
bool is_function_word(std::string_view word) {
    static const std::set<std::string, std::less<>> kWords = {
        "A",       "About",   "Across", "After",     "Against", "Also",   "Among",  "An",
        "And",     "As",      "At",     "Because",   "Between", "Both",   "But",    "By",
        "Despite", "During",  "Each",   "Either",    "For",     "From",   "Had",    "Has",
        "Have",    "How",     "If",     "In",        "Including", "Into", "Is",     "Like",
        "Neither", "Nor",     "Of",     "On",        "Only",    "Or",     "Over",   "Since",
        "So",      "Than",    "That",   "The",       "Then",    "There",  "This",   "Through",
        "To",      "Toward",  "Towards", "Under",    "Unlike",  "Until",  "Was",    "We",
        "Were",    "What",    "When",   "Where",     "While",   "With",   "Within", "Without",
        "Why",     "Yet"};
    return kWords.count(word) != 0;
}

bool gap_has_newline(std::string_view text, std::size_t from, std::size_t to) {
    return text.substr(from, to - from).find('\n') != std::string_view::npos;
}

// True when the line around offset has no lower-case ASCII letter (read up
// to kCapitalsReach bytes either way: a line of a megabyte is no heading).
bool in_capitals_line(std::string_view text, std::size_t offset) {
    std::size_t from = offset > kCapitalsReach ? offset - kCapitalsReach : 0;
    std::size_t start = text.rfind('\n', offset);
    start = start == std::string_view::npos || start < from ? from : start + 1;
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos || end > offset + kCapitalsReach)
        end = std::min(text.size(), offset + kCapitalsReach);
    for (std::size_t i = start; i < end; ++i)
        if (text[i] >= 'a' && text[i] <= 'z') return false;
    return true;
}

// Whether phrase occurs in text as whole words (case as written).
bool contains_words(std::string_view text, std::string_view phrase) {
    if (phrase.empty()) return false;
    for (std::size_t pos = text.find(phrase); pos != std::string_view::npos; pos = text.find(phrase, pos + 1)) {
        char32_t cp = 0;
        bool left = pos == 0;
        if (!left) {
            std::size_t b = pos - 1;
            while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
            utf8_at(text, b, cp);
            left = !is_word_cp(cp);
        }
        std::size_t end = pos + phrase.size();
        bool right = end >= text.size();
        if (!right) {
            utf8_at(text, end, cp);
            right = !is_word_cp(cp);
        }
        if (left && right) return true;
    }
    return false;
}

/// The next tokens of a stream, as many as asked for: a ring of slots that
/// are reused, where a deque allocated, freed and walked its blocks for
/// each of the thousands of tokens of a document.
class TokenWindow {
  public:
    TokenWindow(std::string_view text, std::size_t capacity) : stream_(text) {
        std::size_t slots = 1;
        while (slots < capacity) slots *= 2;
        ring_.resize(slots);
        mask_ = slots - 1;
    }

    /// Reads tokens until the window holds n (at most its capacity) or the
    /// stream ends.
    void fill(std::size_t n) {
        while (size_ < n && stream_.next(ring_[(head_ + size_) & mask_])) ++size_;
    }
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    const Token& operator[](std::size_t i) const { return ring_[(head_ + i) & mask_]; }
    /// Drops the first n tokens. REQUIRES: n <= size().
    void drop(std::size_t n) {
        head_ = (head_ + n) & mask_;
        size_ -= n;
    }

  private:
    TokenStream stream_;
    std::vector<Token> ring_;
    std::size_t mask_ = 0;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

}  // namespace

std::vector<EntityHit> Gazetteer::detect(std::string_view text) const {
    std::vector<EntityHit> hits;
    if (!impl_) return hits;
    std::call_once(impl_->patterns_built, [this] { impl_->build_patterns(entities_); });
    // Very large documents are read up to a bound: names that matter are
    // named early, and detection must not cost more than indexing.
    if (text.size() > kMaxDetectBytes) {
        std::size_t cut = kMaxDetectBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut);
    }
    std::map<std::size_t, bool> context_found;  // entity -> context present
    std::map<std::size_t, std::size_t> slot;    // entity -> index in hits
    // A small window of tokens: the longest name has a handful of them.
    TokenWindow window(text, impl_->longest + 1);
    auto token_text = [&](std::size_t i) { return text.substr(window[i].offset, window[i].length); };
    std::optional<Token> previous;  // the token before window[0]

    while (true) {
        window.fill(impl_->longest + 1);
        if (window.empty()) break;
        const Pattern* best = nullptr;
        if (window[0].word) {
            for (const Pattern& p : impl_->starting_with(token_text(0))) {
                if (p.tokens.size() > window.size()) continue;
                if (best && p.tokens.size() <= best->tokens.size()) continue;
                bool match = true;
                for (std::size_t k = 1; k < p.tokens.size() && match; ++k) match = token_text(k) == p.tokens[k];
                if (match) best = &p;
            }
        }
        if (!best) {
            previous = window[0];
            window.drop(1);
            continue;
        }
        const std::size_t n = best->tokens.size();
        const Entity& e = entities_[best->entity];
        const std::size_t begin = window[0].offset;
        bool counts = e.kind != EntityKind::kNone;
        if (counts && best->name->exact && in_capitals_line(text, begin)) counts = false;
        if (counts && best->name->guarded) {
            auto [cit, fresh] = context_found.emplace(best->entity, false);
            if (fresh) {
                for (const std::string& word : e.context) {
                    if (contains_words(text, word)) {
                        cit->second = true;
                        break;
                    }
                }
            }
            if (!cit->second) counts = false;
            // "Michael Jordan", "Chad Smith": a capitalised word right before
            // or after on the same line makes it a person's name.
            if (counts && previous && previous->word) {
                std::string_view before = text.substr(previous->offset, previous->length);
                if (starts_upper(before) && !is_function_word(before) &&
                    !gap_has_newline(text, previous->offset, begin))
                    counts = false;
            }
            if (counts && n < window.size() && window[n].word && starts_upper(token_text(n)) &&
                !gap_has_newline(text, window[n - 1].offset, window[n].offset))
                counts = false;
        }
        if (counts) {
            auto [sit, fresh] = slot.emplace(best->entity, hits.size());
            if (fresh) hits.push_back({e.id, 0, begin});
            ++hits[sit->second].count;
        }
        previous = window[n - 1];
        window.drop(n);
    }
    return hits;
}

}  // namespace dossier
