#include "dossier/report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "dossier/schema.h"
#include "json_util.h"

namespace dossier {

using nlohmann::json;

void TextReportPrinter::print_report(const IndexReport& r, std::ostream& out) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", r.seconds);
    out << "added " << r.added << ", updated " << r.updated << ", unchanged " << r.unchanged
        << ", removed " << r.removed << ", failed " << r.failed << ", ignored " << r.ignored;
    if (!r.ignored_reasons.empty()) {
        const char* separator = " (";
        for (const auto& [reason, files] : r.ignored_reasons) {
            out << separator << reason << " " << files;
            separator = ", ";
        }
        out << ")";
    }
    out << "; " << r.bytes << " bytes in " << seconds << " s; " << r.documents
        << " documents in " << r.db_path << "\n";
}

void JsonReportPrinter::print_report(const IndexReport& r, std::ostream& out) {
    json failures = json::array();
    for (const auto& f : r.failures) failures.push_back({{"path", f.path}, {"reason", f.reason}});
    json j = {{"schema_version", kJsonSchemaVersion},
              {"db", r.db_path},
              {"added", r.added},
              {"updated", r.updated},
              {"unchanged", r.unchanged},
              {"removed", r.removed},
              {"failed", r.failed},
              {"ignored", r.ignored},
              {"ignored_reasons", r.ignored_reasons},
              {"bytes", r.bytes},
              {"seconds", r.seconds},
              {"documents", r.documents},
              {"failures", failures}};
    out << json_line(j) << "\n";
}

}  // namespace dossier
