#include "dossier/searcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "aliases.h"
#include "codec.h"
#include "db_check.h"
#include "deadline.h"
#include "facets.h"
#include "language.h"
#include "mentions.h"
#include "passages.h"
#include "query_text.h"
#include "ranking/mode.h"
#include "ranking/neighbours.h"

namespace dossier {

namespace {

// BM25 parameters chosen on the relevance benchmark (bench/relevance.py);
// see bench/RELEVANCE.md for the settings tried.
constexpr double kDefaultK1 = 1.2;
constexpr double kDefaultB = 0.75;

/// Documents ranked without the word-pair scores among which those scores
/// then choose and order the hits: reading positions for these few costs
/// far less than for every match, and a document outside them rarely
/// climbs into the first page.
constexpr Xapian::doccount kRerankDepth = 200;
/// Best matches re-scored by neighbour smoothing: 100 gives the benchmark's
/// nDCG@10 of 200 at half the cost (bench/RELEVANCE.md).
constexpr Xapian::doccount kSmoothingDepth = 100;

/// Collections up to this size have exact totals whatever the request: all
/// the matches of a common word among 20,000 short documents are counted
/// in a few milliseconds.
constexpr Xapian::doccount kExactCountDocs = 20000;

/// The documents of a fixed, sorted list of docids, with no weight: a
/// filter that restricts a query to the candidates of a first pass. Local
/// single databases only (docids of a combined database are not those of
/// its shards).
class DocidSetSource : public Xapian::PostingSource {
  public:
    explicit DocidSetSource(std::vector<Xapian::docid> docids) : docids_(std::move(docids)) {
        set_maxweight(0);
    }
    void init(const Xapian::Database&) override {
        pos_ = 0;
        started_ = false;
    }
    Xapian::doccount get_termfreq_min() const override { return docids_.size(); }
    Xapian::doccount get_termfreq_est() const override { return docids_.size(); }
    Xapian::doccount get_termfreq_max() const override { return docids_.size(); }
    void next(double) override {
        if (started_) ++pos_;
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        pos_ = static_cast<std::size_t>(std::lower_bound(docids_.begin() + pos_, docids_.end(), did) -
                                        docids_.begin());
    }
    bool at_end() const override { return started_ && pos_ >= docids_.size(); }
    Xapian::docid get_docid() const override { return docids_[pos_]; }
    DocidSetSource* clone() const override { return new DocidSetSource(docids_); }
    std::string get_description() const override {
        return "DocidSet(" + std::to_string(docids_.size()) + ")";
    }

  private:
    std::vector<Xapian::docid> docids_;
    std::size_t pos_ = 0;
    bool started_ = false;
};

/// Facet counts of one slot. Uses Xapian's own ValueCountMatchSpy so that
/// remote shards served by a stock xapian-tcpsrv can count too; a
/// multi-valued slot (items joined by schema::kListSeparator) is counted per
/// distinct combination there and split here, which is exact because each
/// document holds each item once.
FacetCounts facet_counts(const Xapian::ValueCountMatchSpy& spy) {
    FacetCounts counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::string value = *it;
        Xapian::doccount freq = it.get_termfreq();
        std::size_t start = 0;
        while (true) {
            std::size_t end = value.find(schema::kListSeparator, start);
            std::string item = value.substr(start, end - start);
            if (!item.empty()) counts[item] += freq;
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return counts;
}

/// Turns Xapian's HTML-escaped snippet with \x01/\x02 around matches into
/// plain text plus highlight offsets, so that every printer can mark matches
/// its own way.
void split_highlights(Hit& hit) {
    static const std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    const std::string& in = hit.snippet;
    std::string out;
    out.reserve(in.size());
    std::size_t open = 0;
    for (std::size_t i = 0; i < in.size();) {
        char c = in[i];
        if (c == '\x01') {
            open = out.size();
            ++i;
            continue;
        }
        if (c == '\x02') {
            if (out.size() > open) hit.highlights.emplace_back(open, out.size() - open);
            ++i;
            continue;
        }
        if (c == '&') {
            bool replaced = false;
            for (const auto& [entity, ch] : kEntities) {
                if (in.compare(i, entity.size(), entity) == 0) {
                    out.push_back(ch);
                    i += entity.size();
                    replaced = true;
                    break;
                }
            }
            if (replaced) continue;
        }
        out.push_back(c);
        ++i;
    }
    hit.snippet = std::move(out);
}

/// Parses "name:k=v,k=v" into a weighting scheme (see RankingOptions).
std::unique_ptr<Xapian::Weight> make_weighting(const std::string& spec) {
    std::string name = spec.substr(0, spec.find(':'));
    std::map<std::string, double> p;
    if (spec.find(':') != std::string::npos) {
        std::string rest = spec.substr(spec.find(':') + 1);
        std::size_t start = 0;
        while (start < rest.size()) {
            std::size_t comma = rest.find(',', start);
            std::string item = rest.substr(start, comma - start);
            std::size_t eq = item.find('=');
            if (eq == std::string::npos) throw QueryError("bad weighting parameter '" + item + "'");
            try {
                p[item.substr(0, eq)] = std::stod(item.substr(eq + 1));
            } catch (const std::exception&) {
                throw QueryError("bad weighting parameter '" + item + "'");
            }
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    auto get = [&](const char* key, double def) { return p.count(key) ? p[key] : def; };
    if (name.empty() || name == "bm25")
        return std::make_unique<Xapian::BM25Weight>(get("k1", kDefaultK1), get("k2", 0), get("k3", 1),
                                                    get("b", kDefaultB), get("min_normlen", 0.5));
    if (name == "bm25+")
        return std::make_unique<Xapian::BM25PlusWeight>(get("k1", 1), get("k2", 0), get("k3", 1),
                                                        get("b", 0.5), get("min_normlen", 0.5),
                                                        get("delta", 1));
    if (name == "pl2") return std::make_unique<Xapian::PL2Weight>(get("c", 1));
    if (name == "pl2+") return std::make_unique<Xapian::PL2PlusWeight>(get("c", 1), get("delta", 0.8));
    if (name == "dlh") return std::make_unique<Xapian::DLHWeight>();
    if (name == "dph") return std::make_unique<Xapian::DPHWeight>();
    if (name == "inl2") return std::make_unique<Xapian::InL2Weight>(get("c", 1));
    if (name == "ifb2") return std::make_unique<Xapian::IfB2Weight>(get("c", 1));
    if (name == "ineb2") return std::make_unique<Xapian::IneB2Weight>(get("c", 1));
    if (name == "bb2") return std::make_unique<Xapian::BB2Weight>(get("c", 1));
    if (name == "lm") return std::make_unique<Xapian::LMWeight>(get("param", 0.0));
    if (name == "tfidf") return std::make_unique<Xapian::TfIdfWeight>("ntn");
    if (name == "trad") return std::make_unique<Xapian::TradWeight>(get("k", 1));
    throw QueryError("unknown weighting '" + name + "'");
}

/// Opens "tcp://HOST:PORT" (HOST may be "[IPv6]") served by xapian-tcpsrv.
Xapian::Database open_remote(const std::string& url) {
    std::string rest = url.substr(std::string_view("tcp://").size());
    std::size_t colon = rest.rfind(':');
    std::string host = colon == std::string::npos ? std::string() : rest.substr(0, colon);
    std::string port = colon == std::string::npos ? std::string() : rest.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    bool numeric = !port.empty() && port.size() <= 5 &&
                   std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (host.empty() || !numeric || std::stoul(port) == 0 || std::stoul(port) > 65535)
        throw Error("bad remote database '" + url + "': expected tcp://HOST:PORT");
    try {
        return Xapian::Remote::open(host, static_cast<unsigned>(std::stoul(port)));
    } catch (const Xapian::Error& e) {
        throw Error("cannot open remote database " + url + ": " + e.get_msg());
    }
}

/// A weight for --explain: "0.30".
std::string two_decimals(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

/// Pseudo-relevance feedback (see RankingOptions::feedback_docs): Rocchio's
/// centroid of the top documents, each document weighted by 1/rank and
/// each of its stemmed words by its share of the document's length times
/// its IDF. The best feedback_terms words are added with AND_MAYBE, scaled
/// so that the best one weighs feedback_weight of a query word.
/// The top documents are those of enquire's query. Sets extra to the words
/// added (an empty query when none) and returns a line for --explain naming them.
std::string expand_query(const Xapian::Enquire& enquire, const Xapian::Database& db, const RankingOptions& ranking,
                         Xapian::doccount feedback_docs, Xapian::Query& extra) {
    Xapian::MSet top = enquire.get_mset(0, feedback_docs);
    if (top.empty()) return {};
    // Each word's IDF is a common factor of its centroid weight: looked up
    // once per word, in sorted order, after the documents are read.
    std::map<std::string, double> centroid;
    for (auto it = top.begin(); it != top.end(); ++it) {
        double rank_weight = 1.0 / (it.get_rank() + 1);
        double length = std::max<double>(1, db.get_doclength(*it));
        for_each_topic_stem(db, *it, [&](const std::string& term, Xapian::termcount wdf) {
            centroid[term] += rank_weight * wdf / length;
        });
    }
    const double n = db.get_doccount();
    std::vector<std::pair<double, std::string>> best;
    for (const auto& [term, share] : centroid) {
        double idf = rsj_idf(db.get_termfreq(term), n);
        if (idf > 0) best.emplace_back(share * idf, term);
    }
    std::size_t keep = std::min<std::size_t>(best.size(), ranking.feedback_terms);
    std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(keep), best.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    best.resize(keep);
    if (best.empty()) return {};
    std::vector<Xapian::Query> terms;
    std::string note = top.size() == 1 ? std::string("feedback from the top hit adds")
                                       : "feedback from the top " + std::to_string(top.size()) + " hits adds";
    for (const auto& [score, term] : best) {
        double weight = ranking.feedback_weight * score / best.front().first;
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
        note += " " + term.substr(1) + " x" + two_decimals(weight);
    }
    extra = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return note;
}

/// Below this many matches a query may be misspelt.
constexpr Xapian::doccount kFewMatches = 3;
/// Longest query (in words) that gets spelling suggestions.
constexpr std::size_t kMaxSuggestedWords = 12;

/// The query text with each misspelt plain word replaced by the index's
/// best spelling suggestion; "" when no word has one.
std::string spelling_suggestion(const Xapian::Database& db, const std::string& text,
                                const ParsedQuery& parsed) {
    std::string out = text;
    bool changed = false;
    // Suggestions cost a dictionary search per word: only for short
    // queries, which is where people type them.
    if (parsed.words.size() > kMaxSuggestedWords) return {};
    for (const auto& word : parsed.words) {
        if (db.get_termfreq(word) > 0) continue;
        std::string better = db.get_spelling_suggestion(word);
        if (better.empty() || better == word) continue;
        // Replace the word where the user typed it, whatever its case.
        std::string lower = out;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (std::size_t pos = lower.find(word); pos != std::string::npos;
             pos = lower.find(word, pos + better.size())) {
            bool starts = pos == 0 || !std::isalnum(static_cast<unsigned char>(lower[pos - 1]));
            std::size_t end = pos + word.size();
            bool ends = end == lower.size() || !std::isalnum(static_cast<unsigned char>(lower[end]));
            if (!starts || !ends) continue;
            std::string replacement = better;
            if (std::isupper(static_cast<unsigned char>(out[pos])))
                replacement[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(replacement[0])));
            out.replace(pos, word.size(), replacement);
            lower.replace(pos, word.size(), better);
            changed = true;
        }
    }
    return changed ? out : std::string();
}

/// The stages of one search over the revision open now, each a method,
/// sharing what the earlier ones decided. A fresh one runs for each attempt
/// of Searcher::search, so that a retry after a commit starts again from
/// the query text.
class SearchRun {
  public:
    SearchRun(const Xapian::Database& db, bool remote, const SearchRequest& request, const Deadline& deadline)
        : db_(db), remote_(remote), request_(request), deadline_(deadline), enquire_(db) {}

    /// The results of the request, without its timeline and spelling
    /// suggestion (Searcher::search_once adds those).
    SearchResults run() {
        build_query();
        make_plan();
        prepare_enquire();
        rerank_by_feedback();
        deadline_.check();
        match();
        deadline_.check();
        count();
        list_ranked();
        smooth_by_neighbours();
        deadline_.check();
        cut_page();
        add_hits();
        return std::move(results_);
    }

  private:
    /// One entry of the ranked list the page is cut from: (mset, index in
    /// it, score).
    struct Ranked {
        const Xapian::MSet* set;
        Xapian::doccount index;
        double score;
    };

    /// Parses the text and filters first: a bad query fails before any
    /// matching, and every later stage reads the parsed query.
    void build_query() {
        results_.query_text = request_.query.text;
        results_.explain = request_.presentation.explain;
        results_.weighting = request_.ranking.weighting.empty() ? "bm25:k1=1.2,b=0.75" : request_.ranking.weighting;
        results_.offset = request_.paging.offset;
        results_.limit = request_.paging.limit;
        QueryOptions query_options = request_.query.options;
        // A stock xapian-tcpsrv cannot run Dossier's own posting source.
        if (remote_) query_options.exact_pairs = false;
        QueryBuilder builder(db_, query_options);
        results_.parsed = builder.build(request_.query.text, request_.query.filters);
        results_.description = results_.parsed.query.get_description();
        if (request_.counting.mentions) {
            if (!results_.parsed.has_terms) throw QueryError("mentions need words or phrases to count in the query");
            mentions_.emplace(db_, mention_query(results_.parsed));
            results_.mentions = true;
            results_.mention_forms = mentions_->forms();
        }
        ranking_ = plan_ranking(request_);
        results_.ranking = ranking_.explanation;
    }

    /// Decides the order and which passes run, once, so that the stages
    /// after it agree on the ranks they read.
    void make_plan() {
        sort_ = request_.paging.sort;
        // A filter-only query has no relevance to rank by: newest first reads best.
        if (sort_ == SortOrder::kRelevance && !results_.parsed.has_terms) sort_ = SortOrder::kDateDesc;
        // Facets and timelines see every match anyway; a collection of up to
        // kExactCountDocs documents is counted whole at little cost, so that
        // a total is an estimate only where counting would really cost.
        const bool exact = request_.counting.exact_total || !request_.counting.facets.empty() ||
                           request_.counting.timeline || db_.get_doccount() <= kExactCountDocs;
        // A small floor makes totals of small result sets exact at no real cost.
        check_at_least_ = exact ? db_.get_doccount()
                                : std::max<Xapian::doccount>(request_.paging.offset + request_.paging.limit, 100);
        // Word-pair scores go to the best kRerankDepth matches of the query
        // without them: one pass counts, facets and ranks; a second adds the
        // pair scores to those candidates only and orders them. Past the
        // depth the first pass's order stands, so that pages never repeat or
        // skip a document.
        rerank_ = sort_ == SortOrder::kRelevance && !results_.parsed.match_query.empty() && !remote_ &&
                  db_.size() == 1 && request_.paging.limit > 0;
        // Smoothing re-scores the best kSmoothingDepth matches, so it needs
        // all of them whatever page is asked for.
        smooth_ = ranking_.neighbours > 0 && request_.ranking.neighbour_weight > 0 && sort_ == SortOrder::kRelevance &&
                  results_.parsed.has_terms && request_.paging.limit > 0;
        // The end of the page, kept from wrapping past the largest docid.
        end_ = request_.paging.offset +
               std::min(request_.paging.limit, std::numeric_limits<Xapian::doccount>::max() - request_.paging.offset);
        begin_ = smooth_ ? 0 : request_.paging.offset;
        wanted_ = smooth_ ? std::max<Xapian::doccount>(end_, kSmoothingDepth) : end_;
    }

    /// Sets up the facet counters, the weighting and the order; a bad
    /// weighting name fails here, before any matching.
    void prepare_enquire() {
        for (Facet facet : request_.counting.facets) {
            if (std::find(spy_facets_.begin(), spy_facets_.end(), facet) != spy_facets_.end()) continue;
            spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(facet)));
            spy_facets_.push_back(facet);
        }
        // Without hits to list (counts, facets, timelines) the order is never
        // read: the word-pair scores, which read positions, are left out.
        const bool unranked = request_.paging.limit == 0 && !results_.parsed.match_query.empty();
        enquire_.set_query(unranked ? results_.parsed.match_query : results_.parsed.query);
        weighting_ = make_weighting(request_.ranking.weighting);
        enquire_.set_weighting_scheme(*weighting_);
        // Without hits to list (counts and facets only) there is nothing to sort.
        if (sort_ == SortOrder::kDateDesc && request_.paging.limit > 0) {
            // Newest first: undated documents, with an empty value, sort last
            // by themselves, and reading the slot is cheaper than building keys.
            enquire_.set_sort_by_value_then_relevance(schema::kSlotDateStart, true);
        } else if (sort_ == SortOrder::kDate && request_.paging.limit > 0) {
            // Oldest first with undated documents still last: their key sorts
            // after every date.
            sorter_.add_value(schema::kSlotDateStart, false, "\xff");
            enquire_.set_sort_by_key_then_relevance(&sorter_, false);
        }
    }

    /// Pseudo-relevance feedback widens the query before the counting pass;
    /// it reads its own top documents, which the facets must not count, so
    /// the counters are attached only after it.
    void rerank_by_feedback() {
        if (ranking_.feedback_docs > 0 && results_.parsed.has_terms && sort_ == SortOrder::kRelevance) {
            // The top documents are those the pairs rerank, as the search
            // without feedback ranks them: scoring pairs over every match
            // would cost more than the whole search.
            std::string note;
            if (rerank_) {
                Xapian::Enquire first(db_);
                first.set_weighting_scheme(*weighting_);
                first.set_query(results_.parsed.match_query);
                limit(first);
                Xapian::Enquire top(db_);
                top.set_weighting_scheme(*weighting_);
                limit(top);
                top.set_query(candidates_of(first.get_mset(0, kRerankDepth), results_.parsed.query));
                note = expand_query(top, db_, request_.ranking, ranking_.feedback_docs, feedback_);
            } else {
                limit(enquire_);
                note = expand_query(enquire_, db_, request_.ranking, ranking_.feedback_docs, feedback_);
            }
            if (!note.empty())
                results_.reranking.push_back(std::move(note));
            enquire_.set_query(with_feedback(results_.parsed.query));
        }
        for (auto& spy : spies_) enquire_.add_matchspy(spy.get());
    }

    /// Runs the passes; remote shards (xapian-tcpsrv) cannot sort with a
    /// KeyMaker, so a date order falls back to the date value alone. Newest
    /// first is the same; oldest first then lists undated documents first
    /// (see docs/scale-out.md).
    void match() {
        try {
            run_first_pass();
            rerank_by_pairs();
        } catch (const Xapian::UnimplementedError&) {
            if (sort_ == SortOrder::kRelevance) throw;
            enquire_.set_sort_by_value_then_relevance(schema::kSlotDateStart, sort_ == SortOrder::kDateDesc);
            run_first_pass();
            rerank_by_pairs();
        }
    }

    /// The pass that counts and collects the facets: the page itself, or,
    /// when word pairs rerank, the candidates without their pair scores
    /// (the match query) and the hits past the rerank depth.
    void run_first_pass() {
        limit(enquire_);
        if (!rerank_) {
            mset_ = enquire_.get_mset(begin_, wanted_ - begin_, check_at_least_);
            return;
        }
        enquire_.set_query(with_feedback(results_.parsed.match_query));
        first_pass_ = enquire_.get_mset(0, std::max(end_, kRerankDepth), std::max(check_at_least_, kRerankDepth));
    }

    /// Reading positions for the word-pair scores costs too much for every
    /// match: only the first pass's best kRerankDepth are scored with the
    /// full query, and ordered by it.
    void rerank_by_pairs() {
        if (!rerank_) return;
        mset_ = Xapian::MSet();
        if (begin_ >= kRerankDepth) return;
        Xapian::Enquire second(db_);
        second.set_weighting_scheme(*weighting_);
        second.set_query(candidates_of(first_pass_, with_feedback(results_.parsed.query)));
        limit(second);
        mset_ = second.get_mset(begin_, std::min(wanted_, kRerankDepth) - begin_);
    }

    /// Lets enquire's matcher stop counting at the deadline. Remote shards
    /// are left alone: Xapian's time limit is not reliable across them.
    void limit(Xapian::Enquire& enquire) const {
        if (!remote_) deadline_.limit(enquire);
    }

    /// query restricted to the best kRerankDepth documents of pass.
    static Xapian::Query candidates_of(const Xapian::MSet& pass, const Xapian::Query& query) {
        std::vector<Xapian::docid> candidates;
        for (auto it = pass.begin(); it != pass.end() && candidates.size() < kRerankDepth; ++it)
            candidates.push_back(*it);
        std::sort(candidates.begin(), candidates.end());
        return Xapian::Query(Xapian::Query::OP_FILTER, query,
                             Xapian::Query((new DocidSetSource(std::move(candidates)))->release()));
    }

    /// query with the words pseudo-relevance feedback added, if any.
    Xapian::Query with_feedback(const Xapian::Query& query) const {
        if (feedback_.empty()) return query;
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, feedback_);
    }

    /// Totals and facets come from the pass that saw every match.
    void count() {
        const Xapian::MSet& counted = rerank_ ? first_pass_ : mset_;
        results_.total = counted.get_matches_estimated();
        results_.total_exact = counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
        for (std::size_t i = 0; i < spies_.size(); ++i) results_.facets[spy_facets_[i]] = facet_counts(*spies_[i]);
    }

    /// Joins the passes into one ranked list starting at rank begin_, so
    /// that smoothing and the page need not know which pass ranked what.
    void list_ranked() {
        for (Xapian::doccount i = 0; i < mset_.size(); ++i) ranked_.push_back({&mset_, i, mset_[i].get_weight()});
        // With reranking, the hits past the depth come from the first pass.
        for (Xapian::doccount i = std::max(begin_, kRerankDepth); rerank_ && i < std::min(wanted_, first_pass_.size());
             ++i)
            ranked_.push_back({&first_pass_, i, first_pass_[i].get_weight()});
    }

    /// A relevant document written in other words than the query rises with
    /// the matches it resembles (RankingOptions::neighbours).
    void smooth_by_neighbours() {
        // One match has no neighbours: nothing to smooth or to report.
        const std::size_t depth = std::min<std::size_t>(ranked_.size(), kSmoothingDepth);
        if (!smooth_ || depth <= 1) return;
        std::vector<ScoredDoc> best;
        for (std::size_t i = 0; i < depth; ++i)
            best.push_back({*(*ranked_[i].set)[ranked_[i].index], ranked_[i].score});
        SmoothingOptions options;
        options.neighbours = ranking_.neighbours;
        options.weight = std::min(1.0, request_.ranking.neighbour_weight);
        smooth_scores(db_, best, options);
        for (std::size_t i = 0; i < depth; ++i) ranked_[i].score = best[i].score;
        std::stable_sort(ranked_.begin(), ranked_.begin() + static_cast<std::ptrdiff_t>(depth),
                         [](const Ranked& x, const Ranked& y) { return x.score > y.score; });
        results_.reranking.push_back("neighbour smoothing: the best " + std::to_string(depth) + " matches take " +
                                     two_decimals(options.weight) + " of their score from their " +
                                     std::to_string(options.neighbours) + " most similar among them");
    }

    /// The page is ranks [offset, end) of the ranked list. Remote shards are
    /// asked for its documents at once instead of one round trip per hit
    /// (in order, the page is a run of one mset).
    void cut_page() {
        first_ = request_.paging.offset - begin_;
        last_ = std::min<std::size_t>(ranked_.size(), end_ - begin_);
        if (smooth_ || first_ >= last_) return;
        const Ranked& a = ranked_[first_];
        const Ranked& b = ranked_[last_ - 1];
        if (a.set == b.set)
            a.set->fetch((*a.set)[a.index], b.index + 1 < b.set->size() ? (*b.set)[b.index + 1] : b.set->end());
    }

    /// Builds the page's hits: metadata, the best passages and a snippet cut
    /// from the best one (not from wherever Xapian's snippet generator
    /// stops looking), and the aliases the document matched.
    void add_hits() {
        Xapian::Stem stemmer(schema::kStemLanguage);
        PassageFinder finder(results_.parsed.query, db_);
        for (std::size_t i = first_; i < last_; ++i) {
            deadline_.check();
            const Ranked& r = ranked_[i];
            const Xapian::MSet& set = *r.set;
            Xapian::MSetIterator it = set[r.index];
            Hit hit;
            hit.rank = static_cast<Xapian::doccount>(begin_ + i + 1);
            hit.docid = *it;
            hit.score = r.score;
            bool want_text = request_.presentation.snippet_bytes > 0;
            const Xapian::Document xdoc = it.get_document();
            StoredData stored(xdoc);
            hit.doc = stored.metadata();
            // Words are matched as their language stems them.
            const std::string language = xdoc.get_value(schema::kSlotLanguage);
            const Xapian::Stem doc_stemmer =
                language.empty() || language == "en" ? stemmer : stemmer_for(language);
            finder.set_stemmer(doc_stemmer);
            hit.doc.docid = *it;
            hit.doc.meta.language = language.empty() ? "en" : language;
            if (mentions_) {
                const MentionCount count = mentions_->count(hit.docid, stored);
                hit.mentions = count.mentions;
                hit.words = count.words;
            }
            if (want_text) {
                // The passages come from the blocks the query's words fall
                // in, unless positions cannot be read cheaply (remote
                // shards, data written before text blocks); the alias forms
                // a document holds are then read from its text too.
                std::size_t wanted = std::max<std::size_t>(1, request_.presentation.passages);
                std::vector<Passage> passages;
                const bool whole_text = remote_ || !stored.has_positions() || stored.blocks().size() < 2;
                if (whole_text) {
                    hit.doc.text = stored.text();
                    passages = finder.find(hit.doc, wanted);
                } else {
                    passages = finder.find(stored, hit.doc, hit.docid, wanted);
                }
                // The excerpt comes from the best passage, whose matches are
                // known: stemming its words again for Xapian's snippet cost
                // about a third of each hit.
                if (!passages.empty()) {
                    excerpt(passages.front(), request_.presentation.snippet_bytes, hit.snippet, hit.highlights);
                } else {
                    hit.snippet = set.snippet(hit.doc.text, request_.presentation.snippet_bytes, doc_stemmer,
                                              Xapian::MSet::SNIPPET_EXHAUSTIVE, "\x01", "\x02", "...");
                    split_highlights(hit);
                }
                // Xapian's snippets do not mark the phrases of an alias
                // expansion, and passages mark their stop words alone.
                highlight_aliases(results_.parsed.aliases, hit.snippet, hit.highlights);
                for (Passage& passage : passages)
                    highlight_aliases(results_.parsed.aliases, passage.text, passage.highlights);
                if (!passages.empty()) {
                    hit.paragraph = passages.front().paragraph;
                    hit.page = passages.front().page;
                }
                if (request_.presentation.passages > 0) hit.passages = std::move(passages);
                if (!results_.parsed.aliases.empty())
                    hit.matched_aliases = whole_text ? matched_aliases(results_.parsed.aliases, hit.doc.text)
                                                     : matched_aliases(results_.parsed.aliases, db_, hit.docid);
                hit.doc.text.clear();
            }
            results_.hits.push_back(std::move(hit));
        }
    }

    const Xapian::Database& db_;
    const bool remote_;
    const SearchRequest& request_;
    const Deadline& deadline_;
    SearchResults results_;
    std::optional<MentionCounter> mentions_;  // with Counting::mentions

    // The plan (build_query and make_plan).
    RankingPlan ranking_;
    SortOrder sort_ = SortOrder::kRelevance;
    Xapian::doccount check_at_least_ = 0;
    bool rerank_ = false;
    bool smooth_ = false;
    Xapian::doccount begin_ = 0;   // first rank the passes return
    Xapian::doccount end_ = 0;     // rank after the page
    Xapian::doccount wanted_ = 0;  // rank after the last one the passes return

    // Matching (prepare_enquire to match).
    Xapian::Enquire enquire_;
    std::unique_ptr<Xapian::Weight> weighting_;
    Xapian::Query feedback_;  // words added by pseudo-relevance feedback, or empty
    Xapian::MultiValueKeyMaker sorter_;
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
    std::vector<Facet> spy_facets_;
    Xapian::MSet mset_;        // the page, or the reranked candidates
    Xapian::MSet first_pass_;  // totals, facets and the hits past the depth when reranking

    // The ranked list and the page within it (list_ranked to cut_page).
    std::vector<Ranked> ranked_;
    std::size_t first_ = 0;
    std::size_t last_ = 0;
};

}  // namespace

namespace {

/// The stored document docid (metadata and text), with its language, which
/// is kept in a value slot (English where a database has none).
Document stored_document(const Xapian::Document& xdoc, Xapian::docid docid) {
    Document doc = decode_document_data(xdoc);
    doc.docid = docid;
    const std::string language = xdoc.get_value(schema::kSlotLanguage);
    doc.meta.language = language.empty() ? "en" : language;
    return doc;
}

/// Throws the dossier exception for a Xapian error met while `what` ran:
/// the kinds a caller may act on keep their own type.
[[noreturn]] void throw_database_error(const std::string& what, const Xapian::Error& e) {
    std::string reason = e.get_msg();
    if (e.get_error_string() != nullptr) reason += std::string(": ") + e.get_error_string();
    // Xapian's errors have no virtual functions: their type is a name.
    const std::string_view type = e.get_type();
    if (type == "DatabaseCorruptError")
        throw DatabaseCorruptError(what + ": the database is damaged: " + reason);
    if (type == "DatabaseNotFoundError")
        throw DatabaseNotFoundError(what + ": " + reason);
    throw Error(what + ": " + reason);
}

}  // namespace

template <class Operation>
auto Searcher::with_retry(const std::string& what, Operation operation) -> decltype(operation()) {
    for (int attempt = 1;; ++attempt) {
        try {
            // Each call reads the latest committed revision; after a
            // DatabaseModifiedError this is the revision that discarded the
            // one being read. The whole operation runs again, query
            // building and hit decoding included, since they read the
            // database too.
            db_.reopen();
            return operation();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == kMaxReadAttempts)
                throw DatabaseChangedError(what + ": a writer changed the database during each of " +
                                           std::to_string(kMaxReadAttempts) + " attempts to read it; try again");
        } catch (const Xapian::Error& e) {
            throw_database_error(what, e);
        } catch (const Error&) {
            throw;
        } catch (const std::bad_alloc&) {
            throw;
        } catch (const std::exception& e) {
            // A stored document that cannot be decoded, a path that cannot
            // be made absolute: the contract is dossier exceptions only.
            throw Error(what + ": " + e.what());
        }
    }
}

Searcher::Searcher(const std::vector<std::string>& db_paths) : db_paths_(db_paths) {
    if (db_paths.empty()) throw Error("no database to search: give at least one database path");
    for (const auto& path : db_paths) {
        if (path.rfind("tcp://", 0) == 0) {
            db_.add_database(open_remote(path));
            remote_ = true;
            continue;
        }
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw DatabaseNotFoundError("no database at " + path + " (run dossier-index first)");
        check_database_readable(path);
        // Opening races with a commit that discards the revision being read.
        db_.add_database(with_retry("cannot open database " + path, [&] { return Xapian::Database(path); }));
    }
}

Searcher::Searcher(Searcher&& other) noexcept = default;
Searcher& Searcher::operator=(Searcher&& other) noexcept = default;
Searcher::~Searcher() = default;

Searcher Searcher::clone() const { return Searcher(db_paths_); }

Xapian::doccount Searcher::doc_count() {
    return with_retry("cannot count documents", [&] { return db_.get_doccount(); });
}

SearchResults Searcher::search(const SearchRequest& request) {
    const Deadline deadline(time_limit_);
    return with_retry("search failed", [&] { return search_once(request, deadline); });
}

SearchResults Searcher::search_once(const SearchRequest& request, const Deadline& deadline) {
    SearchResults results = SearchRun(db_, remote_, request, deadline).run();
    if (request.counting.timeline) results.timeline = timeline_once(request, deadline);
    deadline.check();
    if (results.parsed.has_terms && results.total < kFewMatches)
        results.suggestion = spelling_suggestion(db_, request.query.text, results.parsed);
    return results;
}

Timeline Searcher::timeline(const SearchRequest& request) {
    const Deadline deadline(time_limit_);
    return with_retry("search failed", [&] { return timeline_once(request, deadline); });
}

bool Searcher::reopen() {
    try {
        return db_.reopen();
    } catch (const Xapian::Error& e) {
        throw_database_error("cannot reopen the database", e);
    }
}

Document Searcher::get_document(Xapian::docid docid) {
    return with_retry("cannot read document " + std::to_string(docid), [&] {
        try {
            return stored_document(db_.get_document(docid), docid);
        } catch (const Xapian::DocNotFoundError&) {
            throw NotFoundError("no document with docid " + std::to_string(docid));
        } catch (const Xapian::InvalidArgumentError&) {
            throw NotFoundError("no document with docid " + std::to_string(docid));
        }
    });
}

Document Searcher::get_document_by_path(const std::string& path) {
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(path, ec).string();
    if (ec) key = std::filesystem::absolute(path, ec).string();
    if (ec) throw NotFoundError("no document indexed from " + path + ": " + ec.message());
    const std::string term = id_term(key);
    return with_retry("cannot read the document indexed from " + key, [&] {
        auto it = db_.postlist_begin(term);
        if (it == db_.postlist_end(term)) throw NotFoundError("no document indexed from " + key);
        return stored_document(db_.get_document(*it), *it);
    });
}

}  // namespace dossier
