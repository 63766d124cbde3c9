#include "multilingual.h"

#include "dossier/schema.h"
#include "language.h"

namespace dossier {

namespace {

class RecordingStem : public Xapian::StemImplementation {
  public:
    explicit RecordingStem(StemmedWords& words) : words_(words) {}

    std::string operator()(const std::string& word) override {
        std::string stem = english_(word);
        words_[stem].insert(word);
        return stem;
    }

    std::string get_description() const override { return "english (recording)"; }

  private:
    StemmedWords& words_;
    Xapian::Stem english_{schema::kStemLanguage};
};

Xapian::Query widen(const Xapian::Query& query, const StemmedWords& words,
                    const std::vector<Xapian::Stem>& stemmers, const Xapian::Database& db,
                    bool& changed) {
    using Q = Xapian::Query;
    Q::op op = query.get_type();
    if (op == Q::LEAF_TERM) {
        const std::string term = *query.get_terms_begin();
        if (term.empty() || term[0] != 'Z') return query;
        std::size_t prefix = 1;
        while (prefix < term.size() && term[prefix] >= 'A' && term[prefix] <= 'Z') ++prefix;
        auto found = words.find(term.substr(prefix));
        if (found == words.end()) return query;
        std::set<std::string> terms{term};
        for (const auto& word : found->second)
            for (const auto& stemmer : stemmers) {
                std::string other = term.substr(0, prefix) + stemmer(word);
                if (db.term_exists(other)) terms.insert(other);
            }
        if (terms.size() == 1) return query;
        changed = true;
        std::vector<Q> leaves(terms.begin(), terms.end());
        return Q(Q::OP_SYNONYM, leaves.begin(), leaves.end());
    }
    bool rebuildable = op == Q::OP_AND || op == Q::OP_OR || op == Q::OP_AND_NOT || op == Q::OP_XOR ||
                       op == Q::OP_AND_MAYBE || op == Q::OP_FILTER || op == Q::OP_SYNONYM ||
                       op == Q::OP_MAX;
    if (!rebuildable) return query;
    bool changed_here = false;
    std::vector<Q> subs;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        subs.push_back(widen(query.get_subquery(i), words, stemmers, db, changed_here));
    if (!changed_here) return query;
    changed = true;
    return Q(op, subs.begin(), subs.end());
}

}  // namespace

Xapian::Stem recording_stemmer(StemmedWords& words) { return Xapian::Stem(new RecordingStem(words)); }

std::vector<Xapian::Stem> other_stemmers(const Xapian::Database& db) {
    std::vector<Xapian::Stem> out;
    for (const auto& code : indexed_languages(db)) {
        const LanguageInfo* language = find_language(code);
        if (language == nullptr || *language->stemmer == '\0' ||
            std::string(language->stemmer) == schema::kStemLanguage)
            continue;
        out.emplace_back(language->stemmer);
    }
    return out;
}

Xapian::Query add_language_stems(const Xapian::Query& query, const StemmedWords& words,
                                 const std::vector<Xapian::Stem>& stemmers,
                                 const Xapian::Database& db) {
    if (stemmers.empty() || words.empty()) return query;
    bool changed = false;
    return widen(query, words, stemmers, db, changed);
}

}  // namespace dossier
