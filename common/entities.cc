#include "dossier/entities.h"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "dossier/text.h"

namespace dossier {

namespace detail {
extern const char* const kGazetteerTsv;
}  // namespace detail

namespace {

// Entity detection reads at most this much of a document.
constexpr std::size_t kMaxDetectBytes = std::size_t(8) << 20;
// How far around a name its line is read for the capitals test.
constexpr std::size_t kCapitalsReach = 200;
// matched_aliases() reads at most this much of a document.
constexpr std::size_t kMaxAliasScanBytes = std::size_t(2) << 20;

// ---------------------------------------------------------------- tokens

/// A word (letters and digits) or a single punctuation character; white
/// space separates tokens and is not one.
struct Token {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool word = false;
};

bool is_ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the UTF-8 sequence at pos (1 for a stray byte) and its code point.
std::size_t utf8_at(std::string_view text, std::size_t pos, char32_t& cp) {
    auto b = static_cast<unsigned char>(text[pos]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (pos + len > text.size()) len = 1;
    if (len == 1) {
        cp = b;
        return 1;
    }
    cp = b & (0x7F >> len);
    for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
    return len;
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

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
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

enum class Role { kName, kAlias, kAdjective, kMention };

}  // namespace

// ---------------------------------------------------------------- gazetteer

/// A name as a token sequence to match in text.
struct Pattern {
    std::vector<std::string> tokens;
    std::size_t entity = 0;
    const EntityName* name = nullptr;
    Role role = Role::kName;
};

struct Gazetteer::Impl {
    // The text side (patterns, index, longest) is built on the first
    // detect(): a search that only widens query words never needs it, and
    // building it was a visible share of a short search's start-up.
    mutable std::once_flag patterns_built;
    void build_patterns(const std::vector<Entity>& entities) const;
    // First token -> patterns starting with it.
    mutable std::unordered_map<std::string, std::vector<Pattern>> patterns;
    // The same, sorted, for lookups by string_view without allocating.
    mutable std::vector<std::pair<std::string, const std::vector<Pattern>*>> index;
    mutable std::size_t longest = 1;  // tokens in the longest pattern
    const std::vector<Pattern>& starting_with(std::string_view token) const {
        static const std::vector<Pattern> kNone;
        auto it = std::lower_bound(index.begin(), index.end(), token,
                                   [](const auto& entry, std::string_view t) { return entry.first < t; });
        return it != index.end() && it->first == token ? *it->second : kNone;
    }
    // Folded name, alias or id -> entity index (countries and organisations).
    std::map<std::string, std::size_t> by_name;
    // Query side: folded word sequence of a widenable name -> (entity, name).
    struct QueryForm {
        std::size_t entity;
        const EntityName* name;
        Role role;
        std::vector<std::string> words;        // as written (for exact names)
        std::vector<std::string> folded;       // folded
    };
    std::vector<QueryForm> query_forms;
    // Folded word sequences of every name, for the "part of a longer name" test.
    std::vector<std::pair<std::size_t, std::vector<std::string>>> all_folded;
};

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

Gazetteer Gazetteer::parse(std::string_view tsv) {
    Gazetteer g;
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
        if (g.find(e.id)) throw bad("duplicate id '" + e.id + "'");
        g.entities_.push_back(std::move(e));
    }

    auto impl = std::make_shared<Impl>();
    for (std::size_t i = 0; i < g.entities_.size(); ++i) {
        const Entity& e = g.entities_[i];
        auto all = [&](const EntityName& n) { impl->all_folded.emplace_back(i, words_of(n.text, true)); };
        all(e.name);
        for (const auto& n : e.aliases) all(n);
        for (const auto& n : e.adjectives) all(n);
        for (const auto& n : e.mentions) all(n);
        if (e.kind == EntityKind::kNone) continue;
        impl->by_name.emplace(e.id, i);
        impl->by_name.emplace(fold_filter_value(e.name.text), i);
        for (const auto& n : e.aliases) impl->by_name.emplace(fold_filter_value(n.text), i);
        auto query_form = [&](const EntityName& n, Role role) {
            impl->query_forms.push_back({i, &n, role, words_of(n.text, false), words_of(n.text, true)});
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
    for (const auto& [first, list] : patterns) {
        index.emplace_back(first, &list);
        for (const Pattern& p : list) longest = std::max(longest, p.tokens.size());
    }
    std::sort(index.begin(), index.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

const Gazetteer& Gazetteer::builtin() {
    // Never destroyed: freeing its maps would only slow every exit.
    static const Gazetteer& gazetteer = *new Gazetteer(parse(detail::kGazetteerTsv));
    return gazetteer;
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
    TokenStream stream(text);
    std::deque<Token> window;
    auto fill = [&](std::size_t n) {
        Token t;
        while (window.size() < n && stream.next(t)) window.push_back(t);
    };
    auto token_text = [&](std::size_t i) { return text.substr(window[i].offset, window[i].length); };
    std::optional<Token> previous;  // the token before window[0]

    while (true) {
        fill(impl_->longest + 1);
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
            previous = window.front();
            window.pop_front();
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
        window.erase(window.begin(), window.begin() + static_cast<long>(n));
    }
    return hits;
}

// ---------------------------------------------------------------- documents

void resolve_entities(Document& doc) {
    const Gazetteer& g = Gazetteer::builtin();
    Metadata& meta = doc.meta;
    std::vector<std::string> ids;
    auto add_id = [&](const std::string& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };

    std::vector<std::string> countries;
    for (const std::string& given : meta.countries) {
        const Entity* e = g.lookup(given);
        std::string name = e ? e->name.text : given;
        if (e) add_id(e->id);
        if (std::find(countries.begin(), countries.end(), name) == countries.end())
            countries.push_back(std::move(name));
    }

    // A publisher that is an organisation of the gazetteer ("NATO", "G7")
    // is an entity of its documents.
    if (const Entity* e = g.lookup(meta.source)) add_id(e->id);

    std::vector<EntityHit> found = g.detect(meta.title);
    std::vector<EntityHit> in_text = g.detect(doc.text);
    found.insert(found.end(), in_text.begin(), in_text.end());
    for (const EntityHit& hit : found) add_id(hit.id);

    if (!countries.empty()) {
        meta.countries = std::move(countries);
        meta.countries_source = "metadata";
    } else {
        meta.countries.clear();
        for (const EntityHit& hit : found) {
            const Entity* e = g.find(hit.id);
            if (!e || e->kind != EntityKind::kCountry) continue;
            if (std::find(meta.countries.begin(), meta.countries.end(), e->name.text) == meta.countries.end())
                meta.countries.push_back(e->name.text);
        }
        meta.countries_source = meta.countries.empty() ? "" : "text";
    }
    meta.entities = std::move(ids);
}

std::string country_filter_value(std::string_view value) {
    const Entity* e = Gazetteer::builtin().lookup(value);
    if (e && e->kind == EntityKind::kCountry) return fold_filter_value(e->name.text);
    return fold_filter_value(value);
}

std::string entity_filter_value(std::string_view value) {
    if (const Entity* e = Gazetteer::builtin().lookup(value)) return e->id;
    std::string folded = fold_filter_value(value);
    std::replace(folded.begin(), folded.end(), ' ', '-');
    return folded;
}

// ---------------------------------------------------------------- queries

namespace {

constexpr std::string_view kAliasField = "dossieralias";

/// Resolves the field that expand_aliases() puts in place of an alias.
class AliasField : public Xapian::FieldProcessor {
  public:
    explicit AliasField(std::vector<Xapian::Query> queries) : queries_(std::move(queries)) {}
    Xapian::Query operator()(const std::string& value) override {
        std::size_t n = 0;
        for (char c : value) {
            if (c < '0' || c > '9') return Xapian::Query::MatchNothing;
            n = n * 10 + static_cast<std::size_t>(c - '0');
            if (n >= queries_.size()) return Xapian::Query::MatchNothing;
        }
        return value.empty() ? Xapian::Query::MatchNothing : queries_[n];
    }

  private:
    std::vector<Xapian::Query> queries_;
};

/// The terms the index holds for text, in order (as the TermGenerator makes
/// them, without stemming).
std::vector<std::string> index_terms(std::string_view text) {
    Xapian::TermGenerator generator;
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(index_form(text));
    std::vector<std::pair<Xapian::termpos, std::string>> positioned;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) positioned.emplace_back(*p, *t);
    std::sort(positioned.begin(), positioned.end());
    std::vector<std::string> terms;
    for (auto& [pos, term] : positioned) terms.push_back(std::move(term));
    return terms;
}

Xapian::Query terms_query(const std::vector<std::string>& terms, Xapian::Query::op op) {
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(op, terms.begin(), terms.end(), op == Xapian::Query::OP_PHRASE ? terms.size() : 0);
}

bool is_operator(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" || word == "ADJ" ||
           word.substr(0, 5) == "NEAR/" || word.substr(0, 4) == "ADJ/";
}

// A bare query word that can be part of an alias: no field, wildcard or sign.
bool is_plain_word(std::string_view word) {
    if (word.empty() || is_operator(word)) return false;
    if (word[0] == '+' || word[0] == '-' || word[0] == '=') return false;
    for (char c : word)
        if (c == ':' || c == '*' || c == '"' || c == '(' || c == ')') return false;
    return true;
}

/// A found alias in a sequence of query words.
struct FormMatch {
    std::size_t begin = 0, end = 0;  // word range
    const Gazetteer::Impl::QueryForm* form = nullptr;
};

class Expander {
  public:
    Expander(const Gazetteer& g, const Gazetteer::Impl& impl, const Xapian::Database& db)
        : g_(g), impl_(impl), db_(db) {}

    /// Whether any document matches q: alternatives that match nothing are
    /// left out, so that a query keeps its exact match counts.
    bool matches_something(const Xapian::Query& q) const {
        if (q.get_type() == Xapian::Query::LEAF_TERM) return db_.term_exists(*q.get_terms_begin());
        try {
            Xapian::Enquire enquire(db_);
            enquire.set_query(q);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            return enquire.get_mset(0, 1).size() > 0;
        } catch (const Xapian::Error&) {
            return true;
        }
    }

    /// Longest name or alias (adjective only when allow_adjective) in words.
    FormMatch find(const std::vector<std::string>& words, bool allow_adjective) const {
        std::vector<std::string> folded;
        for (const auto& w : words) folded.push_back(fold_filter_value(w));
        FormMatch best;
        for (std::size_t i = 0; i < words.size(); ++i) {
            for (const auto& f : impl_.query_forms) {
                if (f.role == Role::kAdjective && !allow_adjective) continue;
                std::size_t n = f.words.size();
                if (n == 0 || i + n > words.size()) continue;
                if (best.form && n <= best.end - best.begin && best.begin <= i) continue;
                bool match = true;
                for (std::size_t k = 0; k < n && match; ++k)
                    match = f.name->exact ? words[i + k] == f.words[k] : folded[i + k] == f.folded[k];
                if (match) best = {i, i + n, &f};
            }
            if (best.form) return best;
        }
        return best;
    }

    /// Whether folded words are a proper part of another entity's name
    /// ("Republic of Korea" in "Democratic People's Republic of Korea").
    bool inside_longer_name(std::size_t entity, const std::vector<std::string>& folded) const {
        for (const auto& [owner, other] : impl_.all_folded) {
            if (owner == entity || other.size() <= folded.size()) continue;
            if (std::search(other.begin(), other.end(), folded.begin(), folded.end()) != other.end()) return true;
        }
        return false;
    }

    /// The query for words[0..n) with match.form's entity names in place of
    /// the alias, and the expansion record. Returns false when there is
    /// nothing to widen.
    bool build(const std::vector<std::string>& words, const FormMatch& m, bool phrase, Xapian::Query& out,
               AliasExpansion& record) const {
        const Entity& e = g_.entities()[m.form->entity];
        const std::string before = join_words(words, 0, m.begin);
        const std::string after = join_words(words, m.end, words.size());
        const std::string typed = join_words(words, m.begin, m.end);
        // Adjectives stand in for a name only before another word.
        const bool attributive = phrase && m.end < words.size();
        if (m.form->role == Role::kAdjective && !attributive) return false;

        std::vector<const EntityName*> forms = {&e.name};
        for (const auto& n : e.aliases) forms.push_back(&n);
        if (attributive)
            for (const auto& n : e.adjectives) forms.push_back(&n);

        const Xapian::Query entity_term(std::string(schema::kPrefixEntity) + e.id);
        auto compose = [&](const std::string& middle) {
            std::string s = before;
            if (!s.empty()) s += ' ';
            s += middle;
            if (!after.empty()) s += ' ' + after;
            return s;
        };
        std::vector<Xapian::Query> alternatives;
        std::set<std::vector<std::string>> seen;

        // The words as typed come first. Unquoted words keep their AND
        // meaning; a lone lower-case word keeps its stem, as the parser
        // would have made it.
        std::vector<std::string> typed_terms = index_terms(compose(typed));
        if (typed_terms.empty()) return false;
        seen.insert(typed_terms);
        Xapian::Query literal;
        if (phrase) {
            literal = terms_query(typed_terms, Xapian::Query::OP_PHRASE);
        } else if (typed_terms.size() == 1 && !starts_upper(typed)) {
            Xapian::Stem stem("english");
            literal = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(typed_terms[0]),
                                    Xapian::Query("Z" + stem(typed_terms[0])));
        } else {
            literal = terms_query(typed_terms, Xapian::Query::OP_AND);
        }
        const bool literal_guarded = m.form->name->exact || m.form->name->guarded;
        if (literal_guarded) literal = Xapian::Query(Xapian::Query::OP_FILTER, literal, entity_term);
        alternatives.push_back(literal);
        record.typed = typed;
        record.entity = e.id;
        record.forms = {compose(typed)};

        for (const EntityName* n : forms) {
            std::string text = compose(n->text);
            std::vector<std::string> terms = index_terms(text);
            if (terms.empty() || !seen.insert(terms).second) continue;
            // "People's Republic of China" finds nothing that "China" does
            // not find already.
            if (!literal_guarded &&
                std::search(terms.begin(), terms.end(), typed_terms.begin(), typed_terms.end()) != terms.end())
                continue;
            Xapian::Query q = terms_query(terms, Xapian::Query::OP_PHRASE);
            if (n->exact || n->guarded || inside_longer_name(m.form->entity, words_of(n->text, true)))
                q = Xapian::Query(Xapian::Query::OP_FILTER, q, entity_term);
            if (!matches_something(q)) continue;
            alternatives.push_back(q);
            record.forms.push_back(text);
        }
        if (alternatives.size() < 2) return false;
        out = Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
        return true;
    }

  private:
    const Gazetteer& g_;
    const Gazetteer::Impl& impl_;
    const Xapian::Database& db_;
};

}  // namespace

std::string expand_aliases(std::string_view text, const Xapian::Database& db, Xapian::QueryParser& parser,
                           std::vector<AliasExpansion>& expansions) {
    const Gazetteer& g = Gazetteer::builtin();
    if (!g.tables()) return std::string(text);
    // NEAR and ADJ take terms, not the groups an expansion makes.
    for (const Token& t : tokenize(text)) {
        std::string_view w = text.substr(t.offset, t.length);
        if (t.word && (w == "NEAR" || w == "ADJ")) return std::string(text);
    }
    Expander expander(g, *g.tables(), db);
    std::vector<Xapian::Query> queries;
    std::string out;
    auto field = [&](Xapian::Query q) {
        queries.push_back(std::move(q));
        return std::string(kAliasField) + ":" + std::to_string(queries.size() - 1);
    };

    // Bare words are collected in runs, so that an unquoted alias of several
    // words ("Republic of Korea") is found too.
    std::vector<std::string_view> run;
    auto flush_run = [&]() {
        std::size_t i = 0;
        while (i < run.size()) {
            // Word tokens of the remaining run words, each owned by its word.
            std::vector<std::string> words;
            std::vector<std::size_t> owner;
            for (std::size_t k = i; k < run.size(); ++k) {
                for (const Token& t : tokenize(run[k])) {
                    if (!t.word) continue;
                    words.emplace_back(run[k].substr(t.offset, t.length));
                    owner.push_back(k);
                }
            }
            FormMatch m = expander.find(words, false);
            bool aligned = m.form && (m.begin == 0 || owner[m.begin - 1] != owner[m.begin]) &&
                           (m.end == words.size() || owner[m.end - 1] != owner[m.end]);
            Xapian::Query q;
            AliasExpansion record;
            if (aligned) {
                std::vector<std::string> alias(words.begin() + static_cast<long>(m.begin),
                                               words.begin() + static_cast<long>(m.end));
                aligned = expander.build(alias, FormMatch{0, alias.size(), m.form}, false, q, record);
            }
            if (!aligned) {
                for (std::size_t k = i; k < run.size(); ++k) {
                    if (!out.empty() && k > i) out += ' ';
                    out += run[k];
                }
                break;
            }
            std::size_t first = owner[m.begin], last = owner[m.end - 1];
            for (std::size_t k = i; k < first; ++k) {
                out += run[k];
                out += ' ';
            }
            out += field(q);
            expansions.push_back(std::move(record));
            i = last + 1;
            if (i < run.size()) out += ' ';
        }
        run.clear();
    };

    bool space_pending = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char c = text[pos];
        if (c == ' ' && !run.empty()) {
            space_pending = true;
            ++pos;
            continue;
        }
        if (c != '"' && !is_space(static_cast<unsigned char>(c)) && c != '(' && c != ')') {
            std::size_t end = pos;
            while (end < text.size() && !is_space(static_cast<unsigned char>(text[end])) && text[end] != '(' &&
                   text[end] != ')' && text[end] != '"')
                ++end;
            std::string_view word = text.substr(pos, end - pos);
            if (is_plain_word(word)) {
                run.push_back(word);
                space_pending = false;
                pos = end;
                continue;
            }
            flush_run();
            if (space_pending) out += ' ';
            space_pending = false;
            out += word;
            pos = end;
            continue;
        }
        flush_run();
        if (space_pending) out += ' ';
        space_pending = false;
        if (c != '"') {
            out += c;
            ++pos;
            continue;
        }
        std::size_t close = text.find('"', pos + 1);
        std::size_t inner_end = close == std::string_view::npos ? text.size() : close;
        std::size_t end = close == std::string_view::npos ? text.size() : close + 1;
        bool prefixed = pos > 0 && (text[pos - 1] == ':' || text[pos - 1] == '+' || text[pos - 1] == '-');
        std::string_view inner = text.substr(pos + 1, inner_end - pos - 1);
        std::vector<std::string> words;
        for (const Token& t : tokenize(inner))
            if (t.word) words.emplace_back(inner.substr(t.offset, t.length));
        Xapian::Query q;
        AliasExpansion record;
        FormMatch m = prefixed ? FormMatch{} : expander.find(words, true);
        if (m.form && expander.build(words, m, true, q, record)) {
            out += field(q);
            expansions.push_back(std::move(record));
        } else {
            out += text.substr(pos, end - pos);
        }
        pos = end;
    }
    flush_run();
    if (!queries.empty()) parser.add_prefix(std::string(kAliasField), (new AliasField(std::move(queries)))->release());
    return out;
}

std::vector<std::string> matched_aliases(const std::vector<AliasExpansion>& expansions, std::string_view text) {
    std::vector<std::string> found;
    if (expansions.empty()) return found;
    if (text.size() > kMaxAliasScanBytes) {
        std::size_t cut = kMaxAliasScanBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut);
    }
    // Folding every word of a long text cost more than the rest of a hit:
    // only words that start (in ASCII lower case) like a word of some form
    // are folded; the others stay empty, which no word of a form equals.
    std::vector<std::vector<std::string>> wanted;
    bool starts[256] = {};
    for (const AliasExpansion& x : expansions) {
        for (const std::string& form : x.forms) {
            wanted.push_back(words_of(form, true));
            for (const std::string& w : wanted.back()) {
                auto c = static_cast<unsigned char>(w[0]);
                starts[c] = true;
                if (c >= 'a' && c <= 'z') starts[c - 'a' + 'A'] = true;
            }
        }
    }
    std::string form_text = index_form(text);
    std::vector<std::string> words;
    for (const Token& t : tokenize(form_text)) {
        if (!t.word) continue;
        auto c = static_cast<unsigned char>(form_text[t.offset]);
        words.push_back(c >= 0x80 || starts[c] ? fold_filter_value(form_text.substr(t.offset, t.length))
                                               : std::string());
    }
    std::size_t k = 0;
    for (const AliasExpansion& x : expansions) {
        for (const std::string& form : x.forms) {
            const std::vector<std::string>& want = wanted[k++];
            if (want.empty()) continue;
            if (std::search(words.begin(), words.end(), want.begin(), want.end()) != words.end() &&
                std::find(found.begin(), found.end(), form) == found.end())
                found.push_back(form);
        }
    }
    return found;
}

}  // namespace dossier
