// Timelines of a search (Searcher::timeline), on the revision open now.

#include <algorithm>

#include "deadline.h"
#include "dossier/searcher.h"
#include "mentions.h"

namespace dossier {

Timeline Searcher::timeline_once(const SearchRequest& request, const Deadline& deadline) {
    Timeline timeline;
    SearchRequest per_year = request;
    per_year.counting.timeline = false;
    per_year.counting.facets = {Facet::kYear};
    per_year.paging.offset = 0;
    per_year.paging.limit = 0;
    SearchResults counted = search_once(per_year, deadline);
    Xapian::doccount dated = 0;
    for (const auto& [year, count] : counted.facets[Facet::kYear]) {
        timeline.years[std::stoi(year)] = count;
        dated += count;
    }
    timeline.undated = counted.total > dated ? counted.total - dated : 0;
    if (dated == 0) return timeline;
    if (request.counting.mentions) count_timeline_mentions(db_, counted.parsed, timeline);
    deadline.check();

    // Sorting by date puts undated documents last either way, so the first
    // hit of each order is dated.
    SearchRequest ends = per_year;
    ends.counting.facets.clear();
    ends.paging.limit = 1;
    ends.paging.sort = SortOrder::kDate;
    SearchResults first = search_once(ends, deadline);
    if (!first.hits.empty()) timeline.earliest = first.hits.front();
    ends.paging.sort = SortOrder::kDateDesc;
    SearchResults last = search_once(ends, deadline);
    if (!last.hits.empty()) timeline.latest = last.hits.front();
    return timeline;
}

}  // namespace dossier
