#include "ranking/dependence.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace dossier {

namespace {

// BM25 parameters of the pair counts: the textbook values, as for words.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

/// Terms of the index looked at, at most, when listing a word's forms: a
/// short stem of a large index could otherwise walk thousands of terms.
constexpr std::size_t kMaxFormsScanned = 2000;

/// Inverse document frequency as Xapian's BM25Weight computes it: the log
/// of the Robertson/Sparck Jones ratio, the ratio kept above 1 so that a
/// pair found in most documents weighs little but never negatively.
double idf(Xapian::doccount df, Xapian::doccount n) {
    double ratio = (static_cast<double>(n) - df + 0.5) / (df + 0.5);
    if (ratio < 2) ratio = ratio * 0.5 + 1;
    return std::log(ratio);
}

double saturate(double count, double norm_length) {
    return count * (kK1 + 1) / (count + kK1 * (1 - kB + kB * norm_length));
}

/// Sorted positions of the forms of a word selected by `mask` in a document.
std::vector<Xapian::termpos> positions(const Xapian::Database& db, Xapian::docid did,
                                       const std::vector<std::string>& forms, std::uint64_t mask) {
    std::vector<Xapian::termpos> out;
    for (std::size_t i = 0; i < forms.size(); ++i) {
        if (!(mask & (std::uint64_t{1} << i))) continue;
        for (auto it = db.positionlist_begin(did, forms[i]); it != db.positionlist_end(did, forms[i]); ++it)
            out.push_back(*it);
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Documents holding any of forms, sorted, each with a mask of the forms it
/// holds.
std::vector<std::pair<Xapian::docid, std::uint64_t>> form_holders(const Xapian::Database& db,
                                                                  const std::vector<std::string>& forms) {
    std::vector<std::pair<Xapian::docid, std::uint64_t>> all;
    for (std::size_t i = 0; i < forms.size() && i < 64; ++i)
        for (auto it = db.postlist_begin(forms[i]); it != db.postlist_end(forms[i]); ++it)
            all.emplace_back(*it, std::uint64_t{1} << i);
    std::sort(all.begin(), all.end());
    std::vector<std::pair<Xapian::docid, std::uint64_t>> merged;
    for (const auto& [did, bit] : all) {
        if (!merged.empty() && merged.back().first == did) merged.back().second |= bit;
        else merged.emplace_back(did, bit);
    }
    return merged;
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

std::vector<WordPairSource::Holder> WordPairSource::holders(const Xapian::Database& db,
                                                            const WordPair& pair) {
    auto first = form_holders(db, pair.first);
    auto second = form_holders(db, pair.second);
    std::vector<Holder> both;
    auto b = second.begin();
    for (const auto& [did, mask] : first) {
        while (b != second.end() && b->first < did) ++b;
        if (b == second.end()) break;
        if (b->first == did) both.push_back({did, mask, b->second});
    }
    return both;
}

WordPairSource::Counts WordPairSource::count(const Xapian::Database& db, const WordPair& pair,
                                             const Holder& holder) {
    auto a = positions(db, holder.docid, pair.first, holder.first_forms);
    auto b = positions(db, holder.docid, pair.second, holder.second_forms);
    Counts c;
    if (pair.ordered_weight > 0) c.ordered = ordered_count(a, b);
    if (pair.unordered_weight > 0) c.unordered = unordered_count(a, b, pair.window);
    return c;
}

PairStats WordPairSource::sampled_statistics(const Xapian::Database& db, const WordPair& pair,
                                             const std::vector<Holder>& docs) {
    PairStats stats;
    stats.documents = db.get_doccount();
    stats.average_length = db.get_avlength();
    // Reading positions is the cost: a sample spread evenly over the
    // documents holding both words stands for all of them.
    std::size_t sample = std::min(docs.size(), kPairSample);
    Xapian::doccount ordered = 0, unordered = 0;
    for (std::size_t i = 0; i < sample; ++i) {
        Counts c = count(db, pair, docs[i * docs.size() / sample]);
        if (c.ordered) ++ordered;
        if (c.unordered) ++unordered;
    }
    double scale = sample ? static_cast<double>(docs.size()) / sample : 0;
    stats.ordered_df = static_cast<Xapian::doccount>(std::lround(ordered * scale));
    stats.unordered_df = static_cast<Xapian::doccount>(std::lround(unordered * scale));
    return stats;
}

Xapian::doccount WordPairSource::holder_count(const Xapian::Database& db, const WordPair& pair) {
    return static_cast<Xapian::doccount>(holders(db, pair).size());
}

PairStats WordPairSource::statistics(const Xapian::Database& db, const WordPair& pair) {
    return sampled_statistics(db, pair, holders(db, pair));
}

void WordPairSource::init(const Xapian::Database& db) {
    db_ = db;
    pos_ = 0;
    started_ = false;
    docs_ = holders(db, pair_);
    PairStats stats = given_stats_ ? stats_ : sampled_statistics(db, pair_, docs_);
    stats_ = stats;
    ordered_idf_ = idf(stats.ordered_df, stats.documents);
    unordered_idf_ = idf(stats.unordered_df, stats.documents);
    set_maxweight((pair_.ordered_weight * ordered_idf_ + pair_.unordered_weight * unordered_idf_) *
                  (kK1 + 1));
}

double WordPairSource::get_weight() const {
    Counts c = count(db_, pair_, docs_[pos_]);
    double norm = stats_.average_length > 0 ? db_.get_doclength(docs_[pos_].docid) / stats_.average_length : 1;
    double weight = 0;
    if (c.ordered) weight += pair_.ordered_weight * ordered_idf_ * saturate(c.ordered, norm);
    if (c.unordered) weight += pair_.unordered_weight * unordered_idf_ * saturate(c.unordered, norm);
    return weight;
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
    auto it = std::lower_bound(docs_.begin() + static_cast<std::ptrdiff_t>(pos_), docs_.end(), did,
                               [](const Holder& h, Xapian::docid d) { return h.docid < d; });
    pos_ = static_cast<std::size_t>(it - docs_.begin());
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
    limit = std::min<std::size_t>(limit, 64);  // forms are bits of a 64-bit mask
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
