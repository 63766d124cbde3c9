#include "options.h"

#include <boost/any.hpp>

#include "dossier/db_path.h"
#include "dossier/error.h"
#include "dossier/request.h"
#include "tool_options.h"

namespace dossier {

namespace po = boost::program_options;

namespace {

ColourMode parse_colour(const std::string& value) {
    if (value == "auto") return ColourMode::kAuto;
    if (value == "always") return ColourMode::kAlways;
    if (value == "never") return ColourMode::kNever;
    throw Error("bad --color '" + value + "': expected auto, always or never");
}

/// An option's values as text, as RequestBuilder reads them.
std::vector<std::string> texts(const po::variable_value& value) {
    const boost::any& any = value.value();
    if (const auto* list = boost::any_cast<std::vector<std::string>>(&any)) return *list;
    if (const auto* text = boost::any_cast<std::string>(&any)) return {*text};
    return {boost::any_cast<bool>(any) ? "true" : "false"};
}

}  // namespace

SearchCommand parse_search_command(int argc, char** argv) {
    SearchCommand cmd;
    if (ToolOptions::only_version(argc, argv)) {
        cmd.version = true;
        return cmd;
    }
    std::string colour = "auto";
    std::vector<std::string> words;
    // Options of the search request are read as text: the library's request
    // schema parses and checks them, as it does for --batch JSON lines.
    using Texts = std::vector<std::string>;
    auto text = [] { return po::value<std::string>(); };
    ToolOptions options(
        "Usage: dossier-search [options] [QUERY...]\n"
        "Search a Dossier database. QUERY uses words, \"phrases\", AND/OR/NOT, NEAR, wildcards*,\n"
        "title:, author:, type:, source:, tag:, country:, year:, before:, after:, since:, until:,\n"
        "date:D1..D2 (D = YYYY, YYYY-MM or YYYY-MM-DD).\n"
        "Options");
    options.add()
        ("db", po::value<Texts>(&cmd.db_paths),
         "database folder, repeatable (default: $DOSSIER_DB or ./dossier.db)")
        ("any", po::bool_switch(), "match any word (OR) instead of all")
        ("no-aliases", po::bool_switch(), "search names as typed (\"ROK\" does not find \"South Korea\")")
        ("type", po::value<Texts>(), "only this type (repeatable)")
        ("source", po::value<Texts>(), "only this source (repeatable)")
        ("tag", po::value<Texts>(), "only documents with this tag (repeatable)")
        ("country", po::value<Texts>(), "only this country (repeatable)")
        ("lang", po::value<Texts>(), "only documents in this language: a code or name such as fr or French (repeatable)")
        ("year", po::value<Texts>(), "only this year (repeatable)")
        ("before", text(), "dated before the start of D")
        ("after", text(), "dated after the end of D")
        ("since", text(), "dated on or after the start of D")
        ("until", text(), "dated on or before the end of D")
        ("facets", text(), "count matches by year,type,source,tag,country")
        ("sort", text(), "relevance (default), date (oldest first) or -date")
        ("limit", text(), "hits to show (default 10)")
        ("offset", text(), "hits to skip (default 0)")
        ("snippet-bytes", text(), "length of each hit's excerpt in bytes (default 240; 0 = none)")
        ("weighting", text(), "ranking scheme, e.g. bm25:k1=1.2,b=0.75 or pl2:c=1 (for experiments)")
        ("proximity", text(), "weight of the scores of query word pairs close together (default 0.3; 0 = off)")
        ("proximity-window", text(), "window of the unordered word pairs, in words (default 8)")
        ("near-pairs", po::bool_switch(),
         "score word pairs with Xapian's NEAR, as over remote shards, not exact counts")
        ("ranking", text(),
         "auto (default: full for questions of 4 or more words without operators or filters), plain or full")
        ("feedback", text(), "re-rank with the best terms of the top N hits (pseudo-relevance feedback; full ranking: 10)")
        ("feedback-terms", text(), "terms taken by --feedback (default 10)")
        ("feedback-weight", text(), "weight of those terms (default 0.3)")
        ("neighbours", text(), "re-score the best 100 hits with the scores of their N most similar hits (0 = off; full ranking: 5)")
        ("neighbour-weight", text(), "share of a hit's score taken from --neighbours, 0 to 1 (default 0.5)")
        ("passages", text(), "show up to N best passages per hit, with their paragraph (and page)")
        ("explain", po::bool_switch(),
         "show how the query was understood: parsed query, rewrites, filters, weighting")
        ("count", po::bool_switch(), "print the exact number of matches only")
        ("json", po::bool_switch(&cmd.json), "print one JSON object")
        ("batch", po::bool_switch(&cmd.batch),
         "read queries or JSON requests from stdin, one per line; answer each with one JSON line")
        ("show", po::value<std::string>(&cmd.show), "print the stored document PATH or DOCID")
        ("explain-date", po::value<std::string>(&cmd.explain_date),
         "say where the date (and type, countries) of document PATH or DOCID came from")
        ("timeline", po::bool_switch(),
         "matches per year as a bar chart, with the earliest and latest match (no hit list unless --limit)")
        ("mentions", po::bool_switch(),
         "count the query's matches in each hit, with its length in words, oldest first; with --timeline, per year")
        ("compare", po::value<Texts>(&cmd.compare)->multitoken(),
         "compare stored documents A B (PATH or DOCID) paragraph by paragraph; with QUERY, only paragraphs matching it")
        ("color", po::value<std::string>(&colour), "auto (default), always or never");
    // A query word starting with '-' ("-word" excludes it) must follow "--",
    // which ends the options.
    options.positional("query", &words);
    const po::variables_map vm = options.parse(argc, argv);
    cmd.help = options.help();
    cmd.version = options.version();
    if (cmd.help) cmd.help_text = options.help_text();
    if (cmd.help || cmd.version) return cmd;

    if (vm.count("show") && cmd.show.empty()) throw Error("--show needs a path or a docid");
    RequestBuilder builder(BatchRequest{}, RequestSyntax::kCommandLine);
    for (const auto& [name, value] : vm)
        if (!value.defaulted() && builder.has_member(name)) builder.set(name, texts(value));
    BatchRequest request = builder.finish();
    cmd.request = request.search;
    cmd.count = request.count;
    cmd.colour = parse_colour(colour);
    if (cmd.batch && !cmd.request.query.text.empty())
        throw Error("--batch reads the queries from standard input: give no QUERY");
    if (cmd.batch && !cmd.show.empty()) throw Error("--batch and --show cannot be combined");
    if (!cmd.compare.empty()) {
        // --compare takes two documents; the words after them are the query.
        if (cmd.compare.size() < 2) throw Error("--compare needs two documents: --compare A B [QUERY]");
        std::string query;
        for (std::size_t i = 2; i < cmd.compare.size(); ++i) query += (query.empty() ? "" : " ") + cmd.compare[i];
        if (!cmd.request.query.text.empty()) query += (query.empty() ? "" : " ") + cmd.request.query.text;
        cmd.request.query.text = query;
        cmd.compare.resize(2);
        if (cmd.batch || !cmd.show.empty()) throw Error("--compare cannot be combined with --batch or --show");
    }
    if (cmd.db_paths.empty()) cmd.db_paths.push_back(default_db_path());
    return cmd;
}

}  // namespace dossier
