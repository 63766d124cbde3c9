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

std::vector<WordPairSource::Holder> WordPairSource::holders(const Xapian::Database& db, const WordPair& pair,
                                                            Xapian::doccount limit) {
    // The documents of the rarer word are listed; the other word's forms
    // are looked for in those alone, skipping through their postings, so
    // that a common word ("china" in 40 % of the documents) next to a rare
    // one costs what the rare one does.
    auto total = [&](const std::vector<std::string>& forms) {
        Xapian::doccount n = 0;
        for (std::size_t i = 0; i < forms.size() && i < 64; ++i) n += db.get_termfreq(forms[i]);
        return n;
    };
    const bool first_rarer = total(pair.first) <= total(pair.second);
    const std::vector<std::string>& rare = first_rarer ? pair.first : pair.second;
    const std::vector<std::string>& other = first_rarer ? pair.second : pair.first;
    std::vector<Xapian::PostingIterator> rare_lists, lists;
    for (std::size_t i = 0; i < rare.size() && i < 64; ++i) rare_lists.push_back(db.postlist_begin(rare[i]));
    for (std::size_t i = 0; i < other.size() && i < 64; ++i) lists.push_back(db.postlist_begin(other[i]));
    std::vector<Holder> both;
    for (;;) {
        // The next document of the rarer word, and which of its forms it holds.
        Xapian::docid did = 0;
        for (std::size_t i = 0; i < rare_lists.size(); ++i)
            if (rare_lists[i] != db.postlist_end(rare[i]) && (did == 0 || *rare_lists[i] < did)) did = *rare_lists[i];
        if (did == 0) break;
        std::uint64_t mask = 0;
        for (std::size_t i = 0; i < rare_lists.size(); ++i) {
            if (rare_lists[i] != db.postlist_end(rare[i]) && *rare_lists[i] == did) {
                mask |= std::uint64_t{1} << i;
                ++rare_lists[i];
            }
        }
        std::uint64_t found = 0;
        for (std::size_t i = 0; i < lists.size(); ++i) {
            Xapian::PostingIterator& it = lists[i];
            if (it == db.postlist_end(other[i])) continue;
            it.skip_to(did);
            if (it != db.postlist_end(other[i]) && *it == did) found |= std::uint64_t{1} << i;
        }
        if (!found) continue;
        both.push_back(first_rarer ? Holder{did, mask, found} : Holder{did, found, mask});
        if (both.size() > limit) break;
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

Xapian::doccount WordPairSource::holder_count(const Xapian::Database& db, const WordPair& pair,
                                              Xapian::doccount limit) {
    return static_cast<Xapian::doccount>(holders(db, pair, limit).size());
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
