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
        << " documents in " << r.db_path;
    if (r.ocr.pages + r.ocr.cached + r.ocr.failed > 0) {
        char ocr_seconds[32];
        std::snprintf(ocr_seconds, sizeof ocr_seconds, "%.1f", r.ocr.seconds);
        out << "; ocr " << r.ocr.pages << " pages in " << ocr_seconds << " s";
        if (r.ocr.cached) out << ", " << r.ocr.cached << " cached";
        if (r.ocr.failed) out << ", " << r.ocr.failed << " not read";
    }
    out << "\n";
}

void JsonReportPrinter::print_report(const IndexReport& r, std::ostream& out) {
    json failures = json::array();
    for (const auto& f : r.failures) failures.push_back({{"path", f.path}, {"reason", f.reason}});
    json ocr_failures = json::array();
    for (const auto& f : r.ocr_failures)
        ocr_failures.push_back({{"path", f.file}, {"page", f.page}, {"reason", f.reason}});
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
              {"failures", failures},
              {"ocr", {{"pages", r.ocr.pages},
                       {"cached", r.ocr.cached},
                       {"failed", r.ocr.failed},
                       {"seconds", r.ocr.seconds},
                       {"failures", ocr_failures}}}};
    out << json_line(j) << "\n";
}

}  // namespace dossier
