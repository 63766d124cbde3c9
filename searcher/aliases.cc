#include "aliases.h"

#include <algorithm>
#include <set>

#include "dossier/schema.h"
#include "gazetteer_impl.h"
#include "query_text.h"
#include "text.h"

namespace dossier {

using namespace gazetteer_internal;

namespace {

// matched_aliases() reads at most this much of a document.
constexpr std::size_t kMaxAliasScanBytes = std::size_t(2) << 20;

}  // namespace

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
        } catch (const Xapian::DatabaseModifiedError&) {
            // The Searcher builds the query again on the new revision.
            throw;
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
            Xapian::Stem stem(schema::kStemLanguage);
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

/// Whether the query uses NEAR or ADJ, which take terms, not the groups an
/// expansion makes.
bool uses_proximity(std::string_view text) {
    for (const Token& t : tokenize(text)) {
        std::string_view w = text.substr(t.offset, t.length);
        if (t.word && (w == "NEAR" || w == "ADJ")) return true;
    }
    return false;
}

/// One pass of expand_aliases() over a query text: what it leaves alone is
/// copied to the output, and each expanded alias becomes a field whose
/// value indexes queries().
class AliasRewriter {
  public:
    AliasRewriter(std::string_view text, const Expander& expander, std::vector<AliasExpansion>& expansions)
        : text_(text), expander_(expander), expansions_(expansions) {}

    /// The rewritten text.
    std::string rewrite() {
        std::size_t pos = 0;
        while (pos < text_.size()) pos = step(pos);
        flush_run();
        return std::move(out_);
    }

    /// The queries the fields of the rewritten text stand for, by number.
    std::vector<Xapian::Query>& queries() { return queries_; }

  private:
    /// Handles what starts at pos (a space, a word, a bracket or a quoted
    /// phrase); returns where the next thing starts.
    std::size_t step(std::size_t pos) {
        const char c = text_[pos];
        // Spaces inside a run of bare words are the run's to keep.
        if (c == ' ' && !run_.empty()) {
            space_pending_ = true;
            return pos + 1;
        }
        if (c != '"' && !is_space(static_cast<unsigned char>(c)) && c != '(' && c != ')') return word(pos);
        end_run();
        if (c == '"') return quoted(pos);
        out_ += c;
        return pos + 1;
    }

    /// Bare words are collected in runs, so that an unquoted alias of
    /// several words ("Republic of Korea") is found too; any other word
    /// (a field, a wildcard, a signed word) ends the run and is kept.
    std::size_t word(std::size_t pos) {
        std::size_t end = pos;
        while (end < text_.size() && !is_space(static_cast<unsigned char>(text_[end])) && text_[end] != '(' &&
               text_[end] != ')' && text_[end] != '"')
            ++end;
        std::string_view word = text_.substr(pos, end - pos);
        if (is_plain_word(word)) {
            run_.push_back(word);
            space_pending_ = false;
            return end;
        }
        end_run();
        out_ += word;
        return end;
    }

    /// A quoted phrase holding an alias is searched under every name, its
    /// other words kept around each (adjectives allowed before a word);
    /// after a field prefix or a sign it is left alone.
    std::size_t quoted(std::size_t pos) {
        std::size_t close = text_.find('"', pos + 1);
        std::size_t inner_end = close == std::string_view::npos ? text_.size() : close;
        std::size_t end = close == std::string_view::npos ? text_.size() : close + 1;
        bool prefixed = pos > 0 && (text_[pos - 1] == ':' || text_[pos - 1] == '+' || text_[pos - 1] == '-');
        std::string_view inner = text_.substr(pos + 1, inner_end - pos - 1);
        std::vector<std::string> words;
        for (const Token& t : tokenize(inner))
            if (t.word) words.emplace_back(inner.substr(t.offset, t.length));
        Xapian::Query q;
        AliasExpansion record;
        FormMatch m = prefixed ? FormMatch{} : expander_.find(words, true);
        if (m.form && expander_.build(words, m, true, q, record)) {
            out_ += field(std::move(q), std::move(record));
        } else {
            out_ += text_.substr(pos, end - pos);
        }
        return end;
    }

    /// Rewrites the run so far, then the space that ended it.
    void end_run() {
        flush_run();
        if (space_pending_) out_ += ' ';
        space_pending_ = false;
    }

    void flush_run() {
        std::size_t i = 0;
        while (i < run_.size()) i = expand_in_run(i);
        run_.clear();
    }

    /// Finds the first alias in run_[i..] made of whole run words, writes
    /// the words before it and its field, and returns the index after it;
    /// with no such alias, writes the rest of the run and returns its size.
    /// An alias only part of a run word (a word joined by hyphens) is not
    /// one.
    std::size_t expand_in_run(std::size_t i) {
        // Word tokens of the remaining run words, each owned by its word.
        std::vector<std::string> words;
        std::vector<std::size_t> owner;
        for (std::size_t k = i; k < run_.size(); ++k) {
            for (const Token& t : tokenize(run_[k])) {
                if (!t.word) continue;
                words.emplace_back(run_[k].substr(t.offset, t.length));
                owner.push_back(k);
            }
        }
        FormMatch m = expander_.find(words, false);
        bool aligned = m.form && (m.begin == 0 || owner[m.begin - 1] != owner[m.begin]) &&
                       (m.end == words.size() || owner[m.end - 1] != owner[m.end]);
        Xapian::Query q;
        AliasExpansion record;
        if (aligned) {
            std::vector<std::string> alias(words.begin() + static_cast<long>(m.begin),
                                           words.begin() + static_cast<long>(m.end));
            aligned = expander_.build(alias, FormMatch{0, alias.size(), m.form}, false, q, record);
        }
        if (!aligned) {
            for (std::size_t k = i; k < run_.size(); ++k) {
                if (!out_.empty() && k > i) out_ += ' ';
                out_ += run_[k];
            }
            return run_.size();
        }
        std::size_t first = owner[m.begin], last = owner[m.end - 1];
        for (std::size_t k = i; k < first; ++k) {
            out_ += run_[k];
            out_ += ' ';
        }
        out_ += field(std::move(q), std::move(record));
        if (last + 1 < run_.size()) out_ += ' ';
        return last + 1;
    }

    /// The field standing for q in the rewritten text; records the expansion.
    std::string field(Xapian::Query q, AliasExpansion record) {
        queries_.push_back(std::move(q));
        expansions_.push_back(std::move(record));
        return std::string(kAliasField) + ":" + std::to_string(queries_.size() - 1);
    }

    const std::string_view text_;
    const Expander& expander_;
    std::vector<AliasExpansion>& expansions_;
    std::string out_;
    std::vector<Xapian::Query> queries_;
    std::vector<std::string_view> run_;  // bare words not yet written
    bool space_pending_ = false;         // a space ended the run's last word
};

}  // namespace

std::string expand_aliases(std::string_view text, const Xapian::Database& db, Xapian::QueryParser& parser,
                           std::vector<AliasExpansion>& expansions) {
    const Gazetteer& g = Gazetteer::builtin();
    if (!g.tables() || uses_proximity(text)) return std::string(text);
    Expander expander(g, *g.tables(), db);
    AliasRewriter rewriter(text, expander, expansions);
    std::string out = rewriter.rewrite();
    if (!rewriter.queries().empty())
        parser.add_prefix(std::string(kAliasField), (new AliasField(std::move(rewriter.queries())))->release());
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

std::vector<std::string> matched_aliases(const std::vector<AliasExpansion>& expansions, const Xapian::Database& db,
                                         Xapian::docid did) {
    std::vector<std::string> found;
    for (const AliasExpansion& x : expansions) {
        for (const std::string& form : x.forms) {
            if (std::find(found.begin(), found.end(), form) != found.end()) continue;
            // The form's words at consecutive positions, each read as its
            // accent-free twin, which the index holds beside every accented
            // word: "Côte" and "Cote" alike.
            std::vector<std::vector<Xapian::termpos>> lists;
            for (const std::string& term : index_terms(form)) {
                std::vector<Xapian::termpos> positions;
                const std::string folded = fold_accents(term);
                for (auto it = db.positionlist_begin(did, folded); it != db.positionlist_end(did, folded); ++it)
                    positions.push_back(*it);
                if (positions.empty()) {
                    lists.clear();
                    break;
                }
                lists.push_back(std::move(positions));
            }
            if (lists.empty()) continue;
            const bool holds = std::any_of(lists[0].begin(), lists[0].end(), [&](Xapian::termpos p) {
                for (std::size_t k = 1; k < lists.size(); ++k)
                    if (!std::binary_search(lists[k].begin(), lists[k].end(), p + static_cast<Xapian::termpos>(k)))
                        return false;
                return true;
            });
            if (holds) found.push_back(form);
        }
    }
    return found;
}

std::vector<std::pair<std::size_t, std::size_t>> alias_ranges(const std::vector<AliasExpansion>& expansions,
                                                              std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (expansions.empty()) return out;
    // Words are read from the index form (possessives dropped, as the
    // index does), whose offsets are those of text while quotes keep
    // their size; otherwise each word of text is folded alone.
    const std::string form_text = index_form(text);
    const bool same_offsets = form_text.size() == text.size();
    const std::string_view source = same_offsets ? std::string_view(form_text) : text;
    std::vector<Token> tokens;
    std::vector<std::string> words;
    for (const Token& t : tokenize(source)) {
        if (!t.word) continue;
        tokens.push_back(t);
        words.push_back(fold_filter_value(same_offsets ? source.substr(t.offset, t.length)
                                                       : index_form(source.substr(t.offset, t.length))));
    }
    for (const AliasExpansion& x : expansions) {
        for (const std::string& form : x.forms) {
            const std::vector<std::string> want = words_of(form, true);
            if (want.empty()) continue;
            for (auto it = words.begin(); (it = std::search(it, words.end(), want.begin(), want.end())) != words.end();
                 ++it) {
                const Token& first = tokens[static_cast<std::size_t>(it - words.begin())];
                const Token& last = tokens[static_cast<std::size_t>(it - words.begin()) + want.size() - 1];
                out.emplace_back(first.offset, last.offset + last.length - first.offset);
            }
        }
    }
    std::sort(out.begin(), out.end());
    std::vector<std::pair<std::size_t, std::size_t>> merged;
    for (const auto& range : out) {
        if (!merged.empty() && range.first <= merged.back().first + merged.back().second) {
            std::size_t end = std::max(merged.back().first + merged.back().second, range.first + range.second);
            merged.back().second = end - merged.back().first;
        } else {
            merged.push_back(range);
        }
    }
    return merged;
}

void highlight_aliases(const std::vector<AliasExpansion>& expansions, std::string_view text,
                       std::vector<std::pair<std::size_t, std::size_t>>& highlights) {
    if (expansions.empty()) return;
    std::vector<std::pair<std::size_t, std::size_t>> out = alias_ranges(expansions, text);
    const std::size_t forms = out.size();
    const Xapian::Stopper& stopper = english_stopper();
    for (const auto& [offset, length] : highlights) {
        if (offset > text.size() || length > text.size() - offset) continue;
        bool inside = false;
        for (std::size_t i = 0; i < forms && !inside; ++i)
            inside = offset < out[i].first + out[i].second && out[i].first < offset + length;
        if (inside) continue;
        if (stopper(fold_filter_value(text.substr(offset, length)))) continue;
        out.emplace_back(offset, length);
    }
    std::sort(out.begin(), out.end());
    highlights = std::move(out);
}

}  // namespace dossier
