#pragma once
/// @file searcher.h
/// Searcher: runs queries against one or more databases and returns hits,
/// snippets and facet counts.

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "dossier/document.h"
#include "dossier/export.h"
#include "dossier/query.h"

namespace dossier {

class Deadline;  // internal: when a search must end (set_time_limit())

/// Result order.
enum class SortOrder {
    kRelevance,  ///< Best match first (BM25).
    kDate,       ///< Oldest first; undated last.
    kDateDesc,   ///< Newest first; undated last.
};

/// Which re-rankings a search runs when the request does not set them.
enum class RankingMode {
    /// Full ranking for long natural-language questions (at least four
    /// words other than stop words, with no operators, phrases, field
    /// prefixes, wildcards or filters, ranked by relevance), plain ranking
    /// otherwise: feedback and smoothing help questions written in words,
    /// while a query with operators or filters already says exactly what
    /// it wants.
    kAuto,
    kPlain,  ///< BM25 with word pairs only.
    /// Pseudo-relevance feedback from the top 10 hits and smoothing with
    /// 5 neighbours (the settings chosen on the relevance benchmark).
    kFull,
};

/// A facet a search may count: the matches per value of one field. Each
/// has a name for JSON and the command line (facet_name(), parse_facet()).
enum class Facet {
    kYear,     ///< "year": publication year.
    kType,     ///< "type": document type (folded).
    kSource,   ///< "source": publisher, as written.
    kTag,      ///< "tag": front matter tags that name no known type (folded).
    kCountry,  ///< "country": countries, display names.
    kLang,     ///< "lang": document language, ISO 639-1 code.
};

/// The name of facet in JSON and on the command line ("year", "type",
/// "source", "tag", "country", "lang"). Never throws.
DOSSIER_EXPORT const std::string& facet_name(Facet facet);

/// The facet called name (as facet_name() spells it). Throws
/// dossier::QueryError naming the facet and the known ones otherwise.
DOSSIER_EXPORT Facet parse_facet(std::string_view name);

/// Every facet, in the order they are printed.
DOSSIER_EXPORT const std::vector<Facet>& all_facets();

/// How matches are ranked: the weighting scheme, then the re-rankings that
/// may follow it. None of them changes which documents match.
struct RankingOptions {
    /// Chooses feedback_docs and neighbours where they are not set; a value
    /// set explicitly (0 included) is used whatever the mode.
    RankingMode mode = RankingMode::kAuto;
    /// Ranking scheme: "" for the default (BM25 with Dossier's tuned
    /// parameters), or NAME[:P=V,...] with NAME one of bm25, bm25+, pl2,
    /// pl2+, dlh, dph, inl2, ifb2, ineb2, bb2, lm, tfidf, trad.
    std::string weighting;
    /// Pseudo-relevance feedback: when > 0 and the query has words, the top
    /// feedback_docs documents are taken as relevant and feedback_terms of
    /// their best stemmed words (Rocchio's centroid, each document weighted
    /// by 1/rank, each word by its share of the document's length times its
    /// IDF) re-rank the matches, the best weighing feedback_weight of a
    /// query word. The set of matches never changes. Unset: chosen by mode
    /// (10 for full ranking, else 0).
    std::optional<Xapian::doccount> feedback_docs;
    Xapian::termcount feedback_terms = 10;  ///< Terms added by feedback.
    double feedback_weight = 0.3;           ///< Weight of the added terms.
    /// Score smoothing between similar matches: when > 0, the query has
    /// words and hits are ranked by relevance, each of the best 100
    /// matches takes neighbour_weight of its score from its `neighbours`
    /// most similar matches among them (cosine of their TF-IDF word
    /// vectors), and those 100 are ranked again; a relevant document
    /// written in other words than the query rises with the matches it
    /// resembles. Past the 100 the order stands. It costs reading the
    /// word lists of those 100 documents. The set of matches never changes.
    /// Unset: chosen by mode (5 for full ranking, else 0).
    std::optional<std::size_t> neighbours;
    double neighbour_weight = 0.5;  ///< Share of a score taken from neighbours, 0 to 1.
};

/// What a search looks for: the query text, the filters beside it and how
/// the text is read. Together they decide which documents match; nothing
/// else in a SearchRequest does.
struct QueryPart {
    /// Query text in the syntax of docs/query-syntax.md; may be empty (the
    /// filters alone then choose the matches, or every document matches).
    std::string text;
    Filters filters;       ///< Filters besides the text; none by default.
    QueryOptions options;  ///< Default operator, aliases, word pairs.
};

/// Which matches come back as hits, and in what order.
struct Paging {
    SortOrder sort = SortOrder::kRelevance;  ///< Result order.
    Xapian::doccount offset = 0;  ///< Hits to skip, in that order.
    /// Hits to return at most; 0 for none (counts, facets and the
    /// timeline alone).
    Xapian::doccount limit = 10;
};

/// What each hit carries besides its document, and what the results say
/// about the query. None of it changes the matches, their order or the
/// counts.
struct Presentation {
    std::size_t snippet_bytes = 240;  ///< Snippet length in bytes; 0 for none.
    /// Passages to return per hit (Hit::passages); 0 for none. The snippet
    /// always comes from the best passage.
    std::size_t passages = 0;
    /// Copy the query's interpretation into SearchResults for printing
    /// (the rewrites, stop words, filters and weighting).
    bool explain = false;
};

/// What a search counts beyond the page of hits. Each member costs work a
/// plain search avoids: reading every match (facets, an exact total, the
/// timeline) or the positions of the query's words in each hit (mentions).
/// That cost is why they are kept apart from Presentation.
struct Counting {
    /// Facets to count over every match (SearchResults::facets); any facet
    /// implies an exact total.
    std::vector<Facet> facets;
    /// Count every match, so that SearchResults::total is exact (implied
    /// by facets and timeline).
    bool exact_total = false;
    /// Also count the matches per year and find the earliest and latest
    /// dated match (SearchResults::timeline).
    bool timeline = false;
    /// Count the query's matches (mentions) in each hit's text, with its
    /// length in words (Hit::mentions, Hit::words), and with timeline in
    /// each year (Timeline::mentions). Needs query words.
    bool mentions = false;
};

/// A search to run, in parts: what to find (query), which hits to return
/// (paging), what each hit carries (presentation), what to count besides
/// (counting) and how to rank (ranking). Each part has its defaults; a
/// default SearchRequest returns the best 10 hits of every document with
/// snippets of 240 bytes.
struct SearchRequest {
    QueryPart query;            ///< Text, filters and query options.
    Paging paging;              ///< Order, offset and limit of the hits.
    Presentation presentation;  ///< Snippets, passages and explanation.
    Counting counting;          ///< Facets, exact total, timeline, mentions.
    RankingOptions ranking;     ///< Weighting scheme and re-ranking.
};

/// A paragraph (or part of a long one) of a document's stored text.
struct Passage {
    std::string text;          ///< The passage, as stored.
    std::size_t offset = 0;    ///< Byte offset of the passage in Document::text.
    std::size_t length = 0;    ///< Byte length of the passage.
    std::size_t char_offset = 0;  ///< The same offset in Unicode characters.
    std::size_t char_length = 0;  ///< The same length in Unicode characters.
    std::size_t paragraph = 0;    ///< 1-based paragraph number in the document.
    std::size_t page = 0;         ///< 1-based page (PDF), or 0 when unpaged.
    double score = 0;             ///< How well it matches; 0 for no match.
    /// Matched words: (byte offset, byte length) within text.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

/// One hit.
struct Hit {
    Xapian::doccount rank = 0;  ///< 1-based rank within all matches.
    Xapian::docid docid = 0;    ///< Document id in the (combined) database.
    double score = 0;           ///< BM25 weight (0 for filter-only queries).
    Document doc;               ///< Metadata and path; text left empty.
    std::string snippet;        ///< Plain-text excerpt around the best matches.
    /// Matched words in the snippet: (byte offset, byte length) pairs.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
    /// 1-based page of the snippet in a paged document (PDF); 0 if none.
    std::size_t page = 0;
    /// 1-based paragraph of the snippet in the stored text; 0 if unknown.
    std::size_t paragraph = 0;
    /// The best passages, best first, when Presentation::passages > 0.
    std::vector<Passage> passages;
    /// Names of the query's alias expansions that occur in the document
    /// (ParsedQuery::aliases), e.g. "Republic of Korea forces".
    std::vector<std::string> matched_aliases;
    /// Matches of the query's words and phrases in the text, counted from
    /// their positions, when Counting::mentions.
    Xapian::termcount mentions = 0;
    /// Length of the text in words, when Counting::mentions.
    Xapian::termcount words = 0;
};

/// The mentions of a query in the matches of one year.
struct YearMentions {
    Xapian::termcount mentions = 0;  ///< Matches of the query, summed over the documents.
    std::uint64_t words = 0;         ///< Words of those documents' texts, summed.
};

/// When matching documents were published (Counting::timeline).
struct Timeline {
    std::map<int, Xapian::doccount> years;  ///< Year -> matching documents.
    Xapian::doccount undated = 0;           ///< Matching documents without a date.
    std::optional<Hit> earliest;  ///< Oldest dated match, with a snippet.
    std::optional<Hit> latest;    ///< Newest dated match, with a snippet.
    /// Year -> mentions, when Counting::mentions (the same years as
    /// years).
    std::map<int, YearMentions> mentions;
    /// Whether the mentions were counted in the first kMaxMentionDocuments
    /// dated matches only (oldest first).
    bool mentions_partial = false;
};

/// Matches a timeline counts mentions in at most.
inline constexpr Xapian::doccount kMaxMentionDocuments = 100000;

/// Facet counts: value -> number of matching documents.
using FacetCounts = std::map<std::string, Xapian::doccount>;

/// Results of a search.
struct SearchResults {
    std::string query_text;             ///< The query text as given.
    /// "Did you mean" query, from the index's spelling dictionary, when
    /// the query found few matches and a better spelling exists; else "".
    std::string suggestion;
    bool explain = false;               ///< Presentation::explain was set.
    std::string weighting;              ///< Ranking scheme used (for explain).
    /// The ranking used and why, e.g. "full (6 content words, no
    /// operators)", "plain (a phrase)", or "none (no hits asked for)" when
    /// the paging's limit is 0 (for explain).
    std::string ranking;
    /// What re-ranked the matches beyond the weighting, one line each
    /// (pseudo-relevance feedback and its words, neighbour smoothing).
    std::vector<std::string> reranking;
    Xapian::doccount offset = 0;        ///< Offset requested.
    Xapian::doccount limit = 0;         ///< Limit requested.
    ParsedQuery parsed;                 ///< The query as understood.
    std::string description;            ///< Xapian's description of the query.
    Xapian::doccount total = 0;         ///< Matches (exact when total_exact).
    bool total_exact = false;           ///< Whether total is exact.
    std::vector<Hit> hits;              ///< The requested page of hits.
    std::map<Facet, FacetCounts> facets;  ///< Counts of each facet asked for.
    std::optional<Timeline> timeline;   ///< When Counting::timeline.
    bool mentions = false;              ///< Counting::mentions was set.
    /// The words and phrases whose matches were counted as mentions (with
    /// mentions): each indexed form of a stemmed word, each alias phrase.
    std::vector<std::string> mention_forms;
};

/// Opens databases read-only and searches them as one.
///
/// Every call reads the latest committed revision: it first brings the
/// databases up to date (as reopen() does), and when a writer commits while
/// it reads, so that Xapian discards the revision being read, the whole
/// call (query building, matching and the decoding of every hit) runs
/// again on the new revision, up to kMaxReadAttempts times, before it gives
/// up with DatabaseChangedError. One call reads one revision throughout.
///
/// Exceptions: every member throws only dossier exceptions (no Xapian,
/// filesystem or standard-library exception leaves a Searcher, apart from
/// std::bad_alloc): QueryError, NotFoundError, DatabaseChangedError,
/// DatabaseNotFoundError, DatabaseCorruptError, and Error for any other
/// database problem, as each member says.
///
/// Threads: a Searcher is not thread-safe; use one per thread. It is
/// move-only (a copy would share Xapian's database handle, which two
/// threads must not use at once): give each thread its own with clone().
/// Several Searchers, in any threads, may read a database while one
/// IndexWriter writes it.
class DOSSIER_EXPORT Searcher {
  public:
    /// Opens each path (a folder holding a Dossier database, or
    /// "tcp://HOST:PORT" for a database served by Xapian's xapian-tcpsrv)
    /// and searches them as one: ranks, totals and facets are those of one
    /// combined database. Throws dossier::Error when db_paths is empty,
    /// dossier::DatabaseNotFoundError naming the path when there is no
    /// database there, dossier::DatabaseCorruptError when Xapian finds it
    /// damaged, and dossier::Error naming the path when it cannot be opened
    /// otherwise.
    explicit Searcher(const std::vector<std::string>& db_paths);

    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;
    /// Takes over other's databases; other may only be destroyed or
    /// assigned to afterwards.
    Searcher(Searcher&& other) noexcept;
    /// Takes over other's databases, closing this one's.
    Searcher& operator=(Searcher&& other) noexcept;
    /// Closes the databases.
    ~Searcher();

    /// A new Searcher on the same databases, with handles of its own, for
    /// another thread. Throws as the constructor does.
    Searcher clone() const;

    /// The paths the Searcher was opened with.
    const std::vector<std::string>& db_paths() const { return db_paths_; }

    /// Runs a search on the latest committed revision. Throws
    /// dossier::QueryError for a bad query, dossier::DatabaseChangedError
    /// when writers kept committing through every attempt, and
    /// dossier::Error for another database problem.
    SearchResults search(const SearchRequest& request);

    /// Reads a stored document (with its text) by docid, in the latest
    /// committed revision. Throws dossier::NotFoundError when there is no
    /// such document, and otherwise as search() does.
    Document get_document(Xapian::docid docid);

    /// Reads a stored document by the path it was indexed from (made
    /// absolute), in the latest committed revision. Throws
    /// dossier::NotFoundError when no document has that path, and
    /// otherwise as search() does.
    Document get_document_by_path(const std::string& path);

    /// Brings the databases up to their latest committed revision now
    /// (every other call does so itself). Returns true when something may
    /// have changed. Throws dossier::Error when a database cannot be read
    /// any more.
    bool reopen();

    /// The timeline of a request's matches: per-year counts over all
    /// matches and the earliest and latest dated match (ignoring the
    /// request's sort, offset and limit), from the latest committed
    /// revision. Throws as search() does.
    Timeline timeline(const SearchRequest& request);

    /// Number of documents in the latest committed revision. Throws as
    /// search() does.
    Xapian::doccount doc_count();

    /// Bounds the time of each later search() and timeline() call, for a
    /// front end that must stay responsive whatever it is asked: past
    /// `seconds`, Xapian's matcher stops counting matches beyond those it
    /// needs, and the call throws dossier::TimeLimitError at its next check
    /// (after each matching pass and each hit), rather than return counts
    /// or facets that are not exact. 0 (the default) sets no limit. Throws
    /// dossier::Error for a negative or non-finite value.
    void set_time_limit(double seconds);

    /// The limit set_time_limit() set; 0 for none.
    double time_limit() const { return time_limit_; }

  private:
    /// Times a call is tried, each on the latest revision, while writers
    /// keep discarding the revision it reads.
    static constexpr int kMaxReadAttempts = 5;

    /// Runs operation() on the latest revision, again on the next one
    /// when a commit overtakes it (see the class comment); maps Xapian's
    /// and the standard library's exceptions to dossier ones, saying that
    /// `what` failed.
    template <class Operation>
    auto with_retry(const std::string& what, Operation operation) -> decltype(operation());

    /// search() on the revision open now, without retrying, ending by
    /// deadline.
    SearchResults search_once(const SearchRequest& request, const Deadline& deadline);

    /// timeline() on the revision open now, without retrying, ending by
    /// deadline.
    Timeline timeline_once(const SearchRequest& request, const Deadline& deadline);

    std::vector<std::string> db_paths_;
    Xapian::Database db_;
    double time_limit_ = 0;  // seconds a search may take; 0 for no limit
    bool remote_ = false;  // Some shard is served by xapian-tcpsrv.
};

/// Names of the facets a request may ask for (facet_name() of each of
/// all_facets()).
DOSSIER_EXPORT const std::vector<std::string>& facet_names();

}  // namespace dossier
