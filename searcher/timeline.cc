// Timelines of a search (Searcher::timeline), on the revision open now.

#include <algorithm>

#include "deadline.h"
#include "dossier/searcher.h"
#include "mentions.h"

namespace dossier {

Timeline Searcher::timeline_once(const SearchRequest& request, const Deadline& deadline) {
    Timeline timeline;
    SearchRequest counting = request;
    counting.timeline = false;
    counting.facets = {Facet::kYear};
    counting.offset = 0;
    counting.limit = 0;
    SearchResults counted = search_once(counting, deadline);
    Xapian::doccount dated = 0;
    for (const auto& [year, count] : counted.facets[Facet::kYear]) {
        timeline.years[std::stoi(year)] = count;
        dated += count;
    }
    timeline.undated = counted.total > dated ? counted.total - dated : 0;
    if (dated == 0) return timeline;
    if (request.mentions) count_timeline_mentions(db_, counted.parsed, timeline);
    deadline.check();

    // Sorting by date puts undated documents last either way, so the first
    // hit of each order is dated.
    SearchRequest ends = counting;
    ends.facets.clear();
    ends.limit = 1;
    ends.sort = SortOrder::kDate;
    SearchResults first = search_once(ends, deadline);
    if (!first.hits.empty()) timeline.earliest = first.hits.front();
    ends.sort = SortOrder::kDateDesc;
    SearchResults last = search_once(ends, deadline);
    if (!last.hits.empty()) timeline.latest = last.hits.front();
    return timeline;
}

}  // namespace dossier
