#include "options.h"

#include <algorithm>
#include <limits>
#include <sstream>

#include <boost/program_options.hpp>

#include "dossier/db_path.h"
#include "dossier/error.h"

namespace dossier {

namespace po = boost::program_options;

namespace {

SortOrder parse_sort(const std::string& value) {
    if (value == "relevance") return SortOrder::kRelevance;
    if (value == "date") return SortOrder::kDate;
    if (value == "-date") return SortOrder::kDateDesc;
    throw Error("bad --sort '" + value + "': expected relevance, date or -date");
}

ColourMode parse_colour(const std::string& value) {
    if (value == "auto") return ColourMode::kAuto;
    if (value == "always") return ColourMode::kAlways;
    if (value == "never") return ColourMode::kNever;
    throw Error("bad --color '" + value + "': expected auto, always or never");
}

std::vector<std::string> parse_facets(const std::string& value) {
    std::vector<std::string> facets;
    std::stringstream in(value);
    std::string name;
    while (std::getline(in, name, ',')) {
        if (name.empty()) continue;
        const auto& known = facet_names();
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw Error("bad --facets '" + name + "': expected year, type, source or country");
        facets.push_back(name);
    }
    return facets;
}

}  // namespace

SearchCommand parse_search_command(int argc, char** argv) {
    SearchCommand cmd;
    SearchRequest& req = cmd.request;
    std::string sort = "relevance", colour = "auto", facets;
    std::vector<std::string> words;
    long long limit = 10, offset = 0;
    // Unsigned options are read signed: Boost would wrap "-1" around.
    long long window = req.query_options.proximity_window, feedback = 0,
              feedback_terms = req.feedback_terms, neighbours = 0, passages = 0;
    bool near_pairs = false;
    po::options_description visible(
        "Usage: dossier-search [options] [QUERY...]\n"
        "Search a Dossier database. QUERY uses words, \"phrases\", AND/OR/NOT, NEAR, wildcards*,\n"
        "title:, author:, type:, source:, country:, year:, before:, after:, since:, until:,\n"
        "date:D1..D2 (D = YYYY, YYYY-MM or YYYY-MM-DD).\n"
        "Options");
    visible.add_options()
        ("db", po::value<std::vector<std::string>>(&cmd.db_paths),
         "database folder, repeatable (default: $DOSSIER_DB or ./dossier.db)")
        ("any", po::bool_switch(&req.query_options.any), "match any word (OR) instead of all")
        ("no-aliases", po::bool_switch(&req.query_options.no_aliases),
         "search names as typed (\"ROK\" does not find \"South Korea\")")
        ("type", po::value<std::vector<std::string>>(&req.filters.types), "only this type (repeatable)")
        ("source", po::value<std::vector<std::string>>(&req.filters.sources), "only this source (repeatable)")
        ("country", po::value<std::vector<std::string>>(&req.filters.countries), "only this country (repeatable)")
        ("year", po::value<std::vector<std::string>>(&req.filters.years), "only this year (repeatable)")
        ("before", po::value<std::string>(&req.filters.before), "dated before the start of D")
        ("after", po::value<std::string>(&req.filters.after), "dated after the end of D")
        ("since", po::value<std::string>(&req.filters.since), "dated on or after the start of D")
        ("until", po::value<std::string>(&req.filters.until), "dated on or before the end of D")
        ("facets", po::value<std::string>(&facets), "count matches by year,type,source,country")
        ("sort", po::value<std::string>(&sort), "relevance (default), date (oldest first) or -date")
        ("limit", po::value<long long>(&limit), "hits to show (default 10)")
        ("offset", po::value<long long>(&offset), "hits to skip (default 0)")
        ("weighting", po::value<std::string>(&req.weighting),
         "ranking scheme, e.g. bm25:k1=1.2,b=0.75 or pl2:c=1 (for experiments)")
        ("proximity", po::value<double>(&req.query_options.proximity_weight),
         "weight of the scores of query word pairs close together (default 0.3; 0 = off)")
        ("proximity-window", po::value<long long>(&window),
         "window of the unordered word pairs, in words (default 8)")
        ("near-pairs", po::bool_switch(&near_pairs),
         "score word pairs with Xapian's NEAR, as over remote shards, not exact counts")
        ("feedback", po::value<long long>(&feedback),
         "re-rank with the best terms of the top N hits (pseudo-relevance feedback)")
        ("feedback-terms", po::value<long long>(&feedback_terms),
         "terms taken by --feedback (default 10)")
        ("feedback-weight", po::value<double>(&req.feedback_weight),
         "weight of those terms (default 0.3)")
        ("neighbours", po::value<long long>(&neighbours),
         "re-score the best 100 hits with the scores of their N most similar hits (0 = off)")
        ("neighbour-weight", po::value<double>(&req.neighbour_weight),
         "share of a hit's score taken from --neighbours, 0 to 1 (default 0.5)")
        ("passages", po::value<long long>(&passages),
         "show up to N best passages per hit, with their paragraph (and page)")
        ("explain", po::bool_switch(&req.explain),
         "show how the query was understood: parsed query, rewrites, filters, weighting")
        ("count", po::bool_switch(&cmd.count), "print the exact number of matches only")
        ("json", po::bool_switch(&cmd.json), "print one JSON object")
        ("batch", po::bool_switch(&cmd.batch),
         "read queries or JSON requests from stdin, one per line; answer each with one JSON line")
        ("show", po::value<std::string>(&cmd.show), "print the stored document PATH or DOCID")
        ("explain-date", po::value<std::string>(&cmd.explain_date),
         "say where the date (and type, countries) of document PATH or DOCID came from")
        ("timeline", po::bool_switch(&req.timeline),
         "matches per year as a bar chart, with the earliest and latest match (no hit list unless --limit)")
        ("color", po::value<std::string>(&colour), "auto (default), always or never")
        ("help,h", po::bool_switch(&cmd.help), "show this help")
        ("version", po::bool_switch(&cmd.version), "show the version");
    po::options_description hidden;
    hidden.add_options()("query", po::value<std::vector<std::string>>(&words));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("query", -1);

    po::variables_map vm;
    try {
        // A query word starting with '-' ("-word" excludes it) must follow
        // "--", which ends the options.
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw Error(std::string(e.what()) + " (see --help)");
    }
    std::ostringstream help;
    help << visible;
    cmd.help_text = help.str();
    if (cmd.help || cmd.version) return cmd;

    if (vm.count("show") && cmd.show.empty()) throw Error("--show needs a path or a docid");
    // An empty value would silently drop the filter the user asked for.
    const Filters& f = req.filters;
    for (const auto& [name, value] : {std::pair{"before", &f.before}, std::pair{"after", &f.after},
                                      std::pair{"since", &f.since}, std::pair{"until", &f.until}}) {
        if (vm.count(name) && value->empty()) throw Error(std::string("empty value for --") + name);
    }
    for (const auto* list : {&f.types, &f.sources, &f.countries, &f.years}) {
        if (std::any_of(list->begin(), list->end(), [](const std::string& v) { return v.empty(); }))
            throw Error("empty value for a --type, --source, --country or --year option");
    }
    auto in_range = [](const char* name, long long value, long long low, long long high) {
        if (value < low || value > high)
            throw Error(std::string("bad --") + name + ": expected " + std::to_string(low) + " to " +
                        std::to_string(high));
        return value;
    };
    req.limit = static_cast<Xapian::doccount>(in_range("limit", limit, 0, 1000000));
    req.offset = static_cast<Xapian::doccount>(
        in_range("offset", offset, 0, std::numeric_limits<Xapian::doccount>::max()));
    req.query_options.proximity_window = static_cast<unsigned>(in_range("proximity-window", window, 1, 1000));
    req.feedback_docs = static_cast<Xapian::doccount>(in_range("feedback", feedback, 0, 1000));
    req.feedback_terms = static_cast<Xapian::termcount>(in_range("feedback-terms", feedback_terms, 1, 1000));
    req.neighbours = static_cast<std::size_t>(in_range("neighbours", neighbours, 0, 99));
    req.passages = static_cast<std::size_t>(in_range("passages", passages, 0, 1000));
    if (!(req.neighbour_weight >= 0 && req.neighbour_weight <= 1))
        throw Error("bad --neighbour-weight: expected 0 to 1");
    if (!(req.feedback_weight >= 0 && req.feedback_weight <= 100))
        throw Error("bad --feedback-weight: expected 0 to 100");
    req.sort = parse_sort(sort);
    req.facets = parse_facets(facets);
    req.exact_total = cmd.count;
    if (near_pairs) req.query_options.exact_pairs = false;
    cmd.colour = parse_colour(colour);
    for (const auto& word : words) {
        if (!req.text.empty()) req.text += ' ';
        req.text += word;
    }
    if (cmd.batch && !req.text.empty())
        throw Error("--batch reads the queries from standard input: give no QUERY");
    if (cmd.batch && !cmd.show.empty()) throw Error("--batch and --show cannot be combined");
    if (req.timeline && !vm.count("limit")) req.limit = 0;
    if (cmd.db_paths.empty()) cmd.db_paths.push_back(default_db_path());
    return cmd;
}

}  // namespace dossier
