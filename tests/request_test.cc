// The request schema: every member reads the same from a JSON request and
// from the command line, and a bad value gets one line naming the member.

#include "dossier/request.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dossier/error.h"

#ifdef DOSSIER_TEST_COMMAND_LINE
#include "../searcher/options.h"
#endif

using namespace dossier;

namespace {

using Strings = std::vector<std::string>;

/// Every member of a request, one per line, so that two requests compare
/// equal exactly when they would run the same search.
std::string describe(const BatchRequest& r) {
    const SearchRequest& s = r.search;
    const Filters& f = s.query.filters;
    std::ostringstream out;
    auto list = [&](const char* name, const Strings& values) {
        out << name << ":";
        for (const auto& v : values) out << " [" << v << "]";
        out << "\n";
    };
    out << "text: [" << s.query.text << "]\n";
    list("types", f.types);
    list("sources", f.sources);
    list("countries", f.countries);
    list("years", f.years);
    auto date = [](const std::optional<Date>& d) { return d ? d->to_string() : std::string("-"); };
    out << "dates: " << date(f.before) << " " << date(f.after) << " " << date(f.since) << " " << date(f.until)
        << "\n";
    out << "any: " << s.query.options.any << " no_aliases: " << s.query.options.no_aliases
        << " proximity: " << s.query.options.proximity_weight << " window: " << s.query.options.proximity_window
        << " exact_pairs: " << s.query.options.exact_pairs << "\n";
    out << "sort: " << static_cast<int>(s.paging.sort) << " offset: " << s.paging.offset
        << " limit: " << s.paging.limit << "\n";
    Strings facets;
    for (Facet facet : s.counting.facets) facets.push_back(facet_name(facet));
    list("facets", facets);
    out << "exact_total: " << s.counting.exact_total << " count: " << r.count << "\n";
    out << "snippet_bytes: " << s.presentation.snippet_bytes << " passages: " << s.presentation.passages
        << " explain: " << s.presentation.explain << " timeline: " << s.counting.timeline << " mentions: " << s.counting.mentions << "\n";
    const RankingOptions& k = s.ranking;
    auto set = [](const auto& value) { return value ? std::to_string(*value) : std::string("unset"); };
    out << "ranking: " << static_cast<int>(k.mode) << " weighting: [" << k.weighting
        << "] feedback: " << set(k.feedback_docs) << " " << k.feedback_terms << " " << k.feedback_weight
        << " neighbours: " << set(k.neighbours) << " " << k.neighbour_weight << "\n";
    return out.str();
}

/// One member given both ways: a JSON request line and command-line words.
struct Case {
    std::string json;
    Strings argv;
};

const Case kCases[] = {
    {R"({"query": "China sanctions"})", {"China", "sanctions"}},
    {R"({"filters": {"type": ["report", "declaration"]}})", {"--type", "report", "--type", "declaration"}},
    {R"({"filters": {"type": "report"}})", {"--type", "report"}},
    {R"({"filters": {"source": "NATO"}})", {"--source", "NATO"}},
    {R"({"filters": {"country": ["Japan", "India"]}})", {"--country", "Japan", "--country", "India"}},
    {R"({"filters": {"year": [2019, "2020"]}})", {"--year", "2019", "--year", "2020"}},
    {R"({"filters": {"before": "2019-06"}})", {"--before", "2019-06"}},
    {R"({"filters": {"after": 2001}})", {"--after", "2001"}},
    {R"({"filters": {"since": "2014"}})", {"--since", "2014"}},
    {R"({"filters": {"until": "2016-12-31"}})", {"--until", "2016-12-31"}},
    {R"({"limit": 3})", {"--limit", "3"}},
    {R"({"limit": 0})", {"--limit", "0"}},
    {R"({"offset": 4294967295})", {"--offset", "4294967295"}},
    {R"({"facets": ["year", "country", "year"]})", {"--facets", "year,country,year"}},
    {R"({"sort": "-date"})", {"--sort", "-date"}},
    {R"({"sort": "date"})", {"--sort", "date"}},
    {R"({"any": true})", {"--any"}},
    {R"({"count": true})", {"--count"}},
    {R"({"passages": 3})", {"--passages", "3"}},
    {R"({"explain": true})", {"--explain"}},
    {R"({"timeline": true})", {"--timeline"}},
    {R"({"timeline": true, "limit": 5})", {"--timeline", "--limit", "5"}},
    {R"({"mentions": true})", {"--mentions"}},
    {R"({"mentions": true, "sort": "-date"})", {"--mentions", "--sort", "-date"}},
    {R"({"snippet_bytes": 0})", {"--snippet-bytes", "0"}},
    {R"({"weighting": "pl2:c=1"})", {"--weighting", "pl2:c=1"}},
    {R"({"feedback": 10})", {"--feedback", "10"}},
    {R"({"feedback_terms": 25})", {"--feedback-terms", "25"}},
    {R"({"ranking": "full"})", {"--ranking", "full"}},
    {R"({"ranking": "plain"})", {"--ranking", "plain"}},
    {R"({"feedback": 0})", {"--feedback", "0"}},
    {R"({"feedback_weight": 0.75})", {"--feedback-weight", "0.75"}},
    {R"({"feedback_weight": 2})", {"--feedback-weight", "2"}},
    {R"({"neighbours": 5})", {"--neighbours", "5"}},
    {R"({"neighbour_weight": 0.25})", {"--neighbour-weight", "0.25"}},
    {R"({"no_aliases": true})", {"--no-aliases"}},
    {R"({"proximity": 0})", {"--proximity", "0"}},
    {R"({"proximity_window": 12})", {"--proximity-window", "12"}},
    {R"({"near_pairs": true})", {"--near-pairs"}},
};

/// A bad value given both ways, with the error each must give.
struct BadCase {
    std::string json;
    std::string json_error;
    Strings argv;  // empty when a command line cannot say it
    std::string argv_error;
};

const BadCase kBadCases[] = {
    {R"({"query": 3})", R"("query" must be a string, not number)", {}, ""},
    {R"({"filters": {"type": [""]}})", R"(empty value for "filters.type")", {"--type", ""}, "empty value for --type"},
    {R"({"filters": {"source": [" "]}})", R"(empty value for "filters.source")", {"--source", " "},
     "empty value for --source"},
    {R"({"filters": {"country": [true]}})", R"("filters.country" values must be strings, not boolean)", {}, ""},
    {R"({"filters": {"year": [1.5]}})", R"("filters.year" values must be strings or integers, not number)", {},
     ""},
    {R"({"filters": {"year": ""}})", R"(empty value for "filters.year")", {"--year", ""}, "empty value for --year"},
    {R"({"filters": {"before": ""}})", R"(empty value for "filters.before")", {"--before", ""},
     "empty value for --before"},
    {R"({"filters": {"after": []}})", R"("filters.after" must be a string, not array)", {}, ""},
    {R"({"filters": {"since": "2019-02-30"}})", R"(bad date '2019-02-30': 2019-02 has no day 30 in "filters.since")",
     {"--since", "2019-02-30"}, "bad date '2019-02-30': 2019-02 has no day 30 in --since"},
    {R"({"filters": {"until": "last year"}})",
     R"(bad date 'last year': expected YYYY, YYYY-MM or YYYY-MM-DD in "filters.until")", {"--until", "last year"},
     "bad date 'last year': expected YYYY, YYYY-MM or YYYY-MM-DD in --until"},
    {R"({"limit": 1000001})", R"("limit" must be from 0 to 1000000: 1000001 is out of range)",
     {"--limit", "1000001"}, "--limit must be from 0 to 1000000: 1000001 is out of range"},
    {R"({"limit": "3"})", R"("limit" must be an integer, not string)", {"--limit", "3x"},
     "--limit must be an integer, not '3x'"},
    {R"({"offset": -1})", R"("offset" must be from 0 to 4294967295: -1 is out of range)", {"--offset", "-1"},
     "--offset must be from 0 to 4294967295: -1 is out of range"},
    {R"({"offset": 99999999999999999999})", R"("offset" must be an integer, not number)",
     {"--offset", "99999999999999999999"},
     "--offset must be from 0 to 4294967295: 99999999999999999999 is out of range"},
    {R"({"facets": ["colour"]})", R"(unknown facet 'colour' in "facets": expected year, type, source, tag, country or lang)",
     {"--facets", "year,colour"}, "unknown facet 'colour' in --facets: expected year, type, source, tag, country or lang"},
    {R"({"facets": "year"})", R"("facets" must be a list of strings, not string)", {}, ""},
    {R"({"sort": "newest"})", R"(bad "sort" 'newest': expected relevance, date or -date)", {"--sort", "newest"},
     "bad --sort 'newest': expected relevance, date or -date"},
    {R"({"any": "yes"})", R"("any" must be true or false, not string)", {}, ""},
    {R"({"count": 1})", R"("count" must be true or false, not number)", {}, ""},
    {R"({"passages": 1001})", R"("passages" must be from 0 to 1000: 1001 is out of range)", {"--passages", "1001"},
     "--passages must be from 0 to 1000: 1001 is out of range"},
    {R"({"explain": null})", R"("explain" must be true or false, not null)", {}, ""},
    {R"({"timeline": "on"})", R"("timeline" must be true or false, not string)", {}, ""},
    {R"({"snippet_bytes": 100001})", R"("snippet_bytes" must be from 0 to 100000: 100001 is out of range)",
     {"--snippet-bytes", "100001"}, "--snippet-bytes must be from 0 to 100000: 100001 is out of range"},
    {R"({"weighting": ["pl2"]})", R"("weighting" must be a string, not array)", {}, ""},
    {R"({"ranking": "best"})", R"(bad "ranking" 'best': expected auto, plain or full)", {"--ranking", "best"},
     "bad --ranking 'best': expected auto, plain or full"},
    {R"({"feedback": 1001})", R"("feedback" must be from 0 to 1000: 1001 is out of range)", {"--feedback", "1001"},
     "--feedback must be from 0 to 1000: 1001 is out of range"},
    {R"({"feedback_terms": 0})", R"("feedback_terms" must be from 1 to 1000: 0 is out of range)",
     {"--feedback-terms", "0"}, "--feedback-terms must be from 1 to 1000: 0 is out of range"},
    {R"({"feedback_weight": -0.5})", R"("feedback_weight" must be from 0 to 100: -0.5 is out of range)",
     {"--feedback-weight", "-0.5"}, "--feedback-weight must be from 0 to 100: -0.5 is out of range"},
    {R"({"feedback_weight": "0.5"})", R"("feedback_weight" must be a number, not string)",
     {"--feedback-weight", "half"}, "--feedback-weight must be a number, not 'half'"},
    {R"({"neighbours": 100})", R"("neighbours" must be from 0 to 99: 100 is out of range)", {"--neighbours", "100"},
     "--neighbours must be from 0 to 99: 100 is out of range"},
    {R"({"neighbour_weight": 1.5})", R"("neighbour_weight" must be from 0 to 1: 1.5 is out of range)",
     {"--neighbour-weight", "1.5"}, "--neighbour-weight must be from 0 to 1: 1.5 is out of range"},
    {R"({"proximity": 101})", R"("proximity" must be from 0 to 100: 101 is out of range)", {"--proximity", "nan"},
     "--proximity must be from 0 to 100: nan is out of range"},
    {R"({"proximity_window": 0})", R"("proximity_window" must be from 1 to 1000: 0 is out of range)",
     {"--proximity-window", "0"}, "--proximity-window must be from 1 to 1000: 0 is out of range"},
    {R"({"near_pairs": "true"})", R"("near_pairs" must be true or false, not string)", {}, ""},
    {R"({"no_aliases": 0})", R"("no_aliases" must be true or false, not number)", {}, ""},
};

std::string json_error(const std::string& line) {
    try {
        parse_search_request(line, BatchRequest{});
    } catch (const QueryError& e) {
        return e.what();
    }
    return "no error";
}

#ifdef DOSSIER_TEST_COMMAND_LINE
/// What dossier-search's command line makes of words (after the program
/// name), as a BatchRequest.
BatchRequest from_command_line(const Strings& words) {
    std::vector<std::string> storage{"dossier-search"};
    storage.insert(storage.end(), words.begin(), words.end());
    std::vector<char*> argv;
    for (auto& word : storage) argv.push_back(word.data());
    SearchCommand cmd = parse_search_command(static_cast<int>(argv.size()), argv.data());
    return BatchRequest{cmd.request, cmd.count};
}

std::string command_line_error(const Strings& words) {
    try {
        from_command_line(words);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}
#endif

}  // namespace

TEST_CASE("each request member reads the same from JSON and from the command line", "[request]") {
    const std::string defaults = describe(BatchRequest{});
    for (const Case& c : kCases) {
        INFO("request: " << c.json);
        const BatchRequest from_json = parse_search_request(c.json, BatchRequest{});
        // Each case changes the request: a member that was ignored would fail here.
        CHECK(describe(from_json) != defaults);
#ifdef DOSSIER_TEST_COMMAND_LINE
        CHECK(describe(from_command_line(c.argv)) == describe(from_json));
#endif
    }
}

TEST_CASE("each bad request member gets one line naming the member and the value", "[request]") {
    for (const BadCase& c : kBadCases) {
        INFO("request: " << c.json);
        const std::string error = json_error(c.json);
        CHECK(error == c.json_error);
        CHECK(error.find('\n') == std::string::npos);
#ifdef DOSSIER_TEST_COMMAND_LINE
        if (!c.argv.empty()) CHECK(command_line_error(c.argv) == c.argv_error);
#endif
    }
}

TEST_CASE("every member of the request schema has a JSON case and a command-line case", "[request]") {
    // A member added to the schema without a case here fails this test.
    RequestBuilder json_names(BatchRequest{}, RequestSyntax::kJson);
    RequestBuilder option_names(BatchRequest{}, RequestSyntax::kCommandLine);
    const Strings members = {"query", "limit", "offset", "facets", "sort", "any", "count", "passages", "explain",
                             "timeline", "mentions", "snippet_bytes", "weighting", "ranking", "feedback", "feedback_terms",
                             "feedback_weight", "neighbours", "neighbour_weight", "no_aliases", "proximity",
                             "proximity_window", "near_pairs"};
    for (const auto& name : members) {
        INFO("member: " << name);
        CHECK(json_names.has_member(name));
        std::string option = name;
        std::replace(option.begin(), option.end(), '_', '-');
        CHECK(option_names.has_member(option));
        bool has_case = false;
        for (const Case& c : kCases) has_case = has_case || c.json.find("\"" + name + "\"") != std::string::npos;
        CHECK(has_case);
    }
    for (const std::string filter : {"type", "source", "country", "year", "before", "after", "since", "until"}) {
        CHECK(json_names.has_member("filters." + filter));
        CHECK_FALSE(json_names.has_member(filter));
        CHECK(option_names.has_member(filter));
    }
    CHECK_FALSE(json_names.has_member("feedback-terms"));
    CHECK_FALSE(option_names.has_member("feedback_terms"));
    CHECK_FALSE(json_names.has_member("db"));
}

TEST_CASE("RequestBuilder sets members from text over the defaults", "[request]") {
    BatchRequest defaults;
    defaults.search.query.filters.types = {"interview"};
    defaults.search.paging.limit = 7;
    RequestBuilder builder(defaults, RequestSyntax::kJson);
    builder.set("query", {"Taiwan", "strait"});
    builder.set("filters.year", {"2021", "2022"});
    builder.set("feedback_weight", {"1e-1"});
    builder.set("any", {"true"});
    builder.set("any", {"false"});  // set again: replaced
    const BatchRequest r = builder.finish();
    CHECK(r.search.query.text == "Taiwan strait");
    CHECK(r.search.query.filters.years == Strings{"2021", "2022"});
    CHECK(r.search.query.filters.types == Strings{"interview"});
    CHECK(r.search.paging.limit == 7);
    CHECK(r.search.ranking.feedback_weight == Approx(0.1));
    CHECK_FALSE(r.search.query.options.any);
}

TEST_CASE("RequestBuilder refuses unknown members and extra values", "[request]") {
    RequestBuilder builder(BatchRequest{}, RequestSyntax::kCommandLine);
    CHECK_THROWS_WITH(builder.set("colour", {"red"}), "unknown request member 'colour'");
    CHECK_THROWS_WITH(builder.set("limit", {"1", "2"}), "--limit takes one value, not 2");
    CHECK_THROWS_WITH(builder.set("since", {}), "--since takes one value, not 0");
    CHECK_THROWS_WITH(builder.set("explain", {"yes"}), "--explain must be true or false, not 'yes'");
    CHECK_THROWS_WITH(builder.set("neighbours", {" 5"}), "--neighbours must be an integer, not ' 5'");
}

TEST_CASE("RequestBuilder links count to an exact total and a timeline to no hit list", "[request]") {
    RequestBuilder counting(BatchRequest{}, RequestSyntax::kJson);
    counting.set("count", {"true"});
    CHECK(counting.finish().search.counting.exact_total);

    RequestBuilder timeline(BatchRequest{}, RequestSyntax::kJson);
    timeline.set("timeline", {"true"});
    CHECK(timeline.finish().search.paging.limit == 0);
    timeline.set("limit", {"3"});
    CHECK(timeline.finish().search.paging.limit == 3);

    // A timeline from the defaults leaves the limit of the request alone.
    BatchRequest defaults;
    defaults.search.counting.timeline = true;
    RequestBuilder later(defaults, RequestSyntax::kJson);
    later.set("query", {"China"});
    CHECK(later.finish().search.paging.limit == 10);
}

TEST_CASE("RequestBuilder sorts mentions oldest first unless a sort is given", "[request]") {
    RequestBuilder mentions(BatchRequest{}, RequestSyntax::kJson);
    mentions.set("mentions", {"true"});
    CHECK(mentions.finish().search.paging.sort == SortOrder::kDate);
    mentions.set("sort", {"relevance"});
    CHECK(mentions.finish().search.paging.sort == SortOrder::kRelevance);
}
