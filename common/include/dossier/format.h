#pragma once
/// @file format.h
/// Printers: text for people and JSON for programs, as sibling classes.

#include <ostream>

#include "dossier/document.h"
#include "dossier/indexer.h"
#include "dossier/searcher.h"

namespace dossier {

/// Version of every JSON object Dossier prints ("schema_version" field).
inline constexpr int kJsonSchemaVersion = 1;

/// Prints search results, documents and index reports.
class ResultPrinter {
  public:
    virtual ~ResultPrinter() = default;
    /// Prints a page of results.
    virtual void print_results(const SearchResults& results, std::ostream& out) = 0;
    /// Prints only the number of matches.
    virtual void print_count(const SearchResults& results, std::ostream& out) = 0;
    /// Prints one stored document: metadata, then its text.
    virtual void print_document(const Document& doc, std::ostream& out) = 0;
    /// Prints the summary of an indexing run.
    virtual void print_report(const IndexReport& report, std::ostream& out) = 0;
    /// Prints why a stored document has its date (and type, countries):
    /// the value, its precision, its source and the words it was read from.
    virtual void print_date_explanation(const Document& doc, std::ostream& out) = 0;
};

/// Plain-text printer; highlights matches with ANSI colour when colour is on.
class TextPrinter : public ResultPrinter {
  public:
    /// colour: emit ANSI escapes around matches and titles.
    explicit TextPrinter(bool colour) : colour_(colour) {}
    void print_results(const SearchResults& results, std::ostream& out) override;
    void print_count(const SearchResults& results, std::ostream& out) override;
    void print_document(const Document& doc, std::ostream& out) override;
    void print_report(const IndexReport& report, std::ostream& out) override;
    void print_date_explanation(const Document& doc, std::ostream& out) override;

  private:
    bool colour_;
};

/// JSON printer: one object per call, on one line (schema in docs/json.md).
class JsonPrinter : public ResultPrinter {
  public:
    void print_results(const SearchResults& results, std::ostream& out) override;
    void print_count(const SearchResults& results, std::ostream& out) override;
    void print_document(const Document& doc, std::ostream& out) override;
    void print_report(const IndexReport& report, std::ostream& out) override;
    void print_date_explanation(const Document& doc, std::ostream& out) override;
};

}  // namespace dossier
