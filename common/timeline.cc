// Timelines of a search (Searcher::timeline) and pages of snippets.

#include <algorithm>

#include "dossier/searcher.h"

namespace dossier {

namespace {

constexpr std::string_view kEllipsis = "...";

}  // namespace

std::size_t snippet_page(const Hit& hit) {
    const Document& doc = hit.doc;
    if (doc.pages.empty()) return 0;
    // Where the snippet starts in the text: its first line (without the
    // ellipsis Xapian puts where it cut) is a piece of the text.
    std::string_view snippet = hit.snippet;
    std::size_t skipped = 0;
    if (snippet.substr(0, kEllipsis.size()) == kEllipsis) {
        snippet.remove_prefix(kEllipsis.size());
        skipped = kEllipsis.size();
    }
    std::string_view anchor = snippet.substr(0, std::min(snippet.find('\n'), std::size_t(60)));
    if (anchor.size() > kEllipsis.size() && anchor.substr(anchor.size() - kEllipsis.size()) == kEllipsis)
        anchor.remove_suffix(kEllipsis.size());
    if (anchor.empty()) return 0;
    std::size_t start = doc.text.find(anchor);
    if (start == std::string::npos) return 0;
    // The page of the first matched word, which may be a later page than
    // the one the snippet starts on.
    std::size_t offset = start;
    if (!hit.highlights.empty() && hit.highlights.front().first >= skipped)
        offset = std::min(doc.text.size(), start + hit.highlights.front().first - skipped);
    auto it = std::upper_bound(doc.pages.begin(), doc.pages.end(), offset);
    return static_cast<std::size_t>(it - doc.pages.begin());
}

Timeline Searcher::timeline(const SearchRequest& request) {
    Timeline timeline;
    SearchRequest counting = request;
    counting.timeline = false;
    counting.facets = {"year"};
    counting.offset = 0;
    counting.limit = 0;
    SearchResults counted = search(counting);
    Xapian::doccount dated = 0;
    for (const auto& [year, count] : counted.facets["year"]) {
        timeline.years[std::stoi(year)] = count;
        dated += count;
    }
    timeline.undated = counted.total > dated ? counted.total - dated : 0;
    if (dated == 0) return timeline;

    // Sorting by date puts undated documents last either way, so the first
    // hit of each order is dated.
    SearchRequest ends = counting;
    ends.facets.clear();
    ends.limit = 1;
    ends.sort = SortOrder::kDate;
    SearchResults first = search(ends);
    if (!first.hits.empty()) timeline.earliest = first.hits.front();
    ends.sort = SortOrder::kDateDesc;
    SearchResults last = search(ends);
    if (!last.hits.empty()) timeline.latest = last.hits.front();
    return timeline;
}

}  // namespace dossier
