#pragma once
/// @file report.h
/// Printers of an indexing run's summary: text for people and JSON for
/// programs, as sibling classes.

#include <ostream>

#include "dossier/export.h"
#include "dossier/indexer.h"

namespace dossier {

/// Prints the summary of an indexing run (IndexReport).
class DOSSIER_EXPORT ReportPrinter {
  public:
    virtual ~ReportPrinter() = default;
    /// Prints the counts (the ignored files by reason too), bytes, time and
    /// database of the run on one line (text) or as one JSON object with the
    /// failures and their reasons.
    virtual void print_report(const IndexReport& report, std::ostream& out) = 0;
};

/// The summary as one line of text.
class DOSSIER_EXPORT TextReportPrinter : public ReportPrinter {
  public:
    void print_report(const IndexReport& report, std::ostream& out) override;
};

/// The summary as one line of JSON (schema in docs/json.md).
class DOSSIER_EXPORT JsonReportPrinter : public ReportPrinter {
  public:
    void print_report(const IndexReport& report, std::ostream& out) override;
};

}  // namespace dossier
