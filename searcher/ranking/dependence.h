#pragma once
// Internal to libdossier: term dependence for ranking, after the sequential
// dependence model of Metzler and Croft (SIGIR 2005). Two consecutive query
// words score again, as one more "term", in documents where they stand next
// to each other in order and where they stand within a small window in any
// order; each of those two counts is weighted like a BM25 term, with the
// rarity of the pair in the collection as its IDF.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <xapian.h>

namespace dossier {

/// Settings of one pair of query words.
struct WordPair {
    /// Index forms (unstemmed terms) of the first word: every word of the
    /// index with the same stem, so that "boundary layers" counts in a
    /// document that writes "boundary layer".
    std::vector<std::string> first;
    std::vector<std::string> second;  ///< Index forms of the second word.
    double ordered_weight = 0;        ///< Scale of the in-order, adjacent count.
    double unordered_weight = 0;      ///< Scale of the count within window.
    Xapian::termpos window = 8;       ///< Unordered window, in positions.
};

/// Collection statistics of a WordPair.
struct PairStats {
    Xapian::doccount documents = 0;     ///< Documents of the collection.
    double average_length = 0;          ///< Their average length.
    Xapian::doccount ordered_df = 0;    ///< Documents with the words in order, adjacent.
    Xapian::doccount unordered_df = 0;  ///< Documents with the words within the window.
};

/// Xapian posting source scoring one WordPair: it lists the documents holding
/// both words and weighs their pair counts with BM25 (k1 1.2, b 0.75). The
/// counts are read from the positions of a document only when the matcher
/// asks for its weight; the pair's document frequencies are counted in
/// init() on up to kPairSample of the documents holding both words (all of
/// them in a small collection) and scaled up to all of them. It cannot run
/// on a remote database (xapian-tcpsrv does not know it).
class WordPairSource : public Xapian::PostingSource {
  public:
    /// Documents whose positions are read to count a pair's document
    /// frequencies.
    static constexpr std::size_t kPairSample = 200;

    /// A source that computes the pair statistics of the database it is
    /// initialised with.
    explicit WordPairSource(WordPair pair);
    /// A source that weighs with the given statistics: those of all
    /// databases searched together, so that each of them scores as one
    /// database holding them all would (see statistics()).
    WordPairSource(WordPair pair, PairStats stats);

    /// The statistics of pair over db (all its shards).
    static PairStats statistics(const Xapian::Database& db, const WordPair& pair);
    /// Documents of db holding both words of pair: what scoring it costs,
    /// in documents whose positions are read. Past limit, counting stops:
    /// the result is then limit + 1. The cost is that of listing the
    /// rarer word's documents.
    static Xapian::doccount holder_count(const Xapian::Database& db, const WordPair& pair,
                                         Xapian::doccount limit = std::numeric_limits<Xapian::doccount>::max() - 1);

    void init(const Xapian::Database& db) override;
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return docs_.size(); }
    Xapian::doccount get_termfreq_max() const override { return docs_.size(); }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return pos_ >= docs_.size(); }
    Xapian::docid get_docid() const override { return docs_[pos_].docid; }
    double get_weight() const override;
    WordPairSource* clone() const override;
    std::string get_description() const override;

  private:
    /// A document holding both words, with which forms of each it holds
    /// (bit i: form i).
    struct Holder {
        Xapian::docid docid;
        std::uint64_t first_forms, second_forms;
    };
    struct Counts {
        Xapian::termcount ordered = 0, unordered = 0;
    };
    /// The documents holding both words, in docid order, up to limit + 1
    /// of them.
    static std::vector<Holder> holders(const Xapian::Database& db, const WordPair& pair,
                                       Xapian::doccount limit = std::numeric_limits<Xapian::doccount>::max() - 1);
    static Counts count(const Xapian::Database& db, const WordPair& pair, const Holder& holder);
    static PairStats sampled_statistics(const Xapian::Database& db, const WordPair& pair,
                                        const std::vector<Holder>& docs);

    WordPair pair_;
    bool given_stats_ = false;
    PairStats stats_;
    Xapian::Database db_;
    std::vector<Holder> docs_;
    double ordered_idf_ = 0, unordered_idf_ = 0;
    std::size_t pos_ = 0;
    bool started_ = false;
};

/// The index forms of a query word: the word itself and every unstemmed
/// term of db that starts with its stem and has the same stem, at most
/// `limit` of them (the most frequent; at most 64).
std::vector<std::string> index_forms(const Xapian::Database& db, const std::string& word,
                                     const Xapian::Stem& stemmer, std::size_t limit = 32);

}  // namespace dossier
