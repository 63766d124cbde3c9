#include "dependence.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace dossier {

namespace {

// BM25 parameters of the pair counts: the textbook values, as for words.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

/// Terms of the index looked at, at most, when listing a word's forms: a
/// short stem of a large index could otherwise walk thousands of terms.
constexpr std::size_t kMaxFormsScanned = 2000;

/// Inverse document frequency as Xapian's BM25Weight computes it: the
/// Robertson/Sparck Jones ratio, kept above 1 so that a pair found in most
/// documents still weighs a little instead of negatively.
double idf(Xapian::doccount df, Xapian::doccount n) {
    double ratio = (static_cast<double>(n) - df + 0.5) / (df + 0.5);
    if (ratio < 2) ratio = ratio * 0.5 + 1;
    return std::log(ratio);
}

double saturate(double count, double norm_length) {
    return count * (kK1 + 1) / (count + kK1 * (1 - kB + kB * norm_length));
}

std::vector<Xapian::termpos> positions(const Xapian::Database& db, Xapian::docid did,
                                       const std::vector<std::string>& terms) {
    std::vector<Xapian::termpos> out;
    for (const auto& term : terms)
        for (auto it = db.positionlist_begin(did, term); it != db.positionlist_end(did, term); ++it)
            out.push_back(*it);
    std::sort(out.begin(), out.end());
    return out;
}

/// Documents holding any of terms, each with the terms it holds.
std::map<Xapian::docid, std::vector<std::string>> holders(const Xapian::Database& db,
                                                          const std::vector<std::string>& terms) {
    std::map<Xapian::docid, std::vector<std::string>> out;
    for (const auto& term : terms)
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
            out[*it].push_back(term);
    return out;
}

/// Occurrences of `a` directly followed by `b`.
Xapian::termcount ordered_count(const std::vector<Xapian::termpos>& a,
                                const std::vector<Xapian::termpos>& b) {
    Xapian::termcount n = 0;
    for (Xapian::termpos p : a)
        if (std::binary_search(b.begin(), b.end(), p + 1)) ++n;
    return n;
}

/// Occurrences of `a` with an occurrence of `b` less than `window`
/// positions away, before or after.
Xapian::termcount unordered_count(const std::vector<Xapian::termpos>& a,
                                  const std::vector<Xapian::termpos>& b, Xapian::termpos window) {
    Xapian::termcount n = 0;
    for (Xapian::termpos p : a) {
        Xapian::termpos low = p >= window ? p - window + 1 : 0;
        for (auto it = std::lower_bound(b.begin(), b.end(), low); it != b.end() && *it < p + window; ++it) {
            if (*it != p) {
                ++n;
                break;
            }
        }
    }
    return n;
}

}  // namespace

WordPairSource::WordPairSource(WordPair pair) : pair_(std::move(pair)) {}

WordPairSource::WordPairSource(WordPair pair, PairStats stats)
    : pair_(std::move(pair)), given_stats_(true), stats_(stats) {}

WordPairSource* WordPairSource::clone() const {
    return given_stats_ ? new WordPairSource(pair_, stats_) : new WordPairSource(pair_);
}

std::vector<WordPairSource::Counts> WordPairSource::count(const Xapian::Database& db,
                                                          const WordPair& pair) {
    auto first = holders(db, pair.first);
    auto second = holders(db, pair.second);
    std::vector<Counts> counts;
    auto b_it = second.begin();
    for (const auto& [did, a_terms] : first) {
        while (b_it != second.end() && b_it->first < did) ++b_it;
        if (b_it == second.end()) break;
        if (b_it->first != did) continue;
        auto a = positions(db, did, a_terms);
        auto b = positions(db, did, b_it->second);
        Xapian::termcount o = pair.ordered_weight > 0 ? ordered_count(a, b) : 0;
        Xapian::termcount u = pair.unordered_weight > 0 ? unordered_count(a, b, pair.window) : 0;
        if (o > 0 || u > 0) counts.push_back({did, o, u});
    }
    return counts;
}

PairStats WordPairSource::statistics(const Xapian::Database& db, const WordPair& pair) {
    PairStats stats;
    stats.documents = db.get_doccount();
    stats.average_length = db.get_avlength();
    for (const auto& c : count(db, pair)) {
        if (c.ordered) ++stats.ordered_df;
        if (c.unordered) ++stats.unordered_df;
    }
    return stats;
}

void WordPairSource::init(const Xapian::Database& db) {
    docs_.clear();
    pos_ = 0;
    started_ = false;
    std::vector<Counts> counts = count(db, pair_);
    PairStats stats = stats_;
    if (!given_stats_) {
        stats.documents = db.get_doccount();
        stats.average_length = db.get_avlength();
        stats.ordered_df = stats.unordered_df = 0;
        for (const auto& c : counts) {
            if (c.ordered) ++stats.ordered_df;
            if (c.unordered) ++stats.unordered_df;
        }
    }
    double ordered_idf = idf(stats.ordered_df, stats.documents);
    double unordered_idf = idf(stats.unordered_df, stats.documents);
    for (const auto& c : counts) {
        double norm = stats.average_length > 0 ? db.get_doclength(c.docid) / stats.average_length : 1;
        double weight = 0;
        if (c.ordered) weight += pair_.ordered_weight * ordered_idf * saturate(c.ordered, norm);
        if (c.unordered) weight += pair_.unordered_weight * unordered_idf * saturate(c.unordered, norm);
        docs_.push_back({c.docid, weight});
    }
    set_maxweight((pair_.ordered_weight * ordered_idf + pair_.unordered_weight * unordered_idf) *
                  (kK1 + 1));
}

void WordPairSource::next(double) {
    if (!started_) {
        started_ = true;
        pos_ = 0;
    } else if (pos_ < docs_.size()) {
        ++pos_;
    }
}

void WordPairSource::skip_to(Xapian::docid did, double) {
    if (!started_) {
        started_ = true;
        pos_ = 0;
    }
    while (pos_ < docs_.size() && docs_[pos_].docid < did) ++pos_;
}

std::string WordPairSource::get_description() const {
    auto join = [](const std::vector<std::string>& forms) {
        std::string out;
        for (const auto& f : forms) out += (out.empty() ? "" : "|") + f;
        return out;
    };
    return "WordPair(" + join(pair_.first) + " " + join(pair_.second) + ")";
}

std::vector<std::string> index_forms(const Xapian::Database& db, const std::string& word,
                                     const Xapian::Stem& stemmer, std::size_t limit) {
    const std::string stem = stemmer(word);
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    bool has_word = false;
    std::size_t scanned = 0;
    for (auto it = db.allterms_begin(stem); it != db.allterms_end(stem) && scanned < kMaxFormsScanned;
         ++it, ++scanned) {
        const std::string term = *it;
        if (term == word) has_word = true;
        if (term == word || stemmer(term) == stem) found.emplace_back(it.get_termfreq(), term);
    }
    std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    std::vector<std::string> forms;
    if (!has_word) forms.push_back(word);
    for (const auto& f : found) {
        if (forms.size() >= limit) break;
        forms.push_back(f.second);
    }
    return forms;
}

}  // namespace dossier
