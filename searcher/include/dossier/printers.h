#pragma once
/// @file printers.h
/// Printers: text for people and JSON for programs, as sibling classes.

#include <ostream>

#include "dossier/export.h"
#include "dossier/document.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"

namespace dossier {

/// Prints search results and stored documents.
class DOSSIER_EXPORT ResultPrinter {
  public:
    virtual ~ResultPrinter() = default;
    /// Prints a page of results.
    virtual void print_results(const SearchResults& results, std::ostream& out) = 0;
    /// Prints only the number of matches.
    virtual void print_count(const SearchResults& results, std::ostream& out) = 0;
    /// Prints one stored document: metadata, then its text.
    virtual void print_document(const Document& doc, std::ostream& out) = 0;
    /// Prints why a stored document has its date (and type, countries):
    /// the value, its precision, its source and the words it was read from.
    virtual void print_date_explanation(const Document& doc, std::ostream& out) = 0;
};

/// Plain-text printer; highlights matches with ANSI colour when colour is on.
class DOSSIER_EXPORT TextPrinter : public ResultPrinter {
  public:
    /// colour: emit ANSI escapes around matches and titles.
    explicit TextPrinter(bool colour) : colour_(colour) {}
    void print_results(const SearchResults& results, std::ostream& out) override;
    void print_count(const SearchResults& results, std::ostream& out) override;
    void print_document(const Document& doc, std::ostream& out) override;
    void print_date_explanation(const Document& doc, std::ostream& out) override;

  private:
    bool colour_;
};

/// JSON printer: one object per call, on one line (schema in docs/json.md).
class DOSSIER_EXPORT JsonPrinter : public ResultPrinter {
  public:
    void print_results(const SearchResults& results, std::ostream& out) override;
    void print_count(const SearchResults& results, std::ostream& out) override;
    void print_document(const Document& doc, std::ostream& out) override;
    void print_date_explanation(const Document& doc, std::ostream& out) override;
};

}  // namespace dossier
