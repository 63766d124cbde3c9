#pragma once
// Internal to libdossier: finding the passages of a document where the query's words cluster.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "dossier/document.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"

namespace dossier {

/// Scores the paragraphs of documents against one query. Paragraphs are
/// separated by blank lines; a paragraph longer than about 1,200 bytes is
/// cut at sentence ends into parts that keep its number. A passage scores
/// the sum, over the distinct query words it holds, of their inverse
/// document frequency, grown slowly with repeats; words match as Xapian
/// matched them (exact or by English stem).
class PassageFinder {
  public:
    /// Takes the words of query (filter terms are ignored) and their
    /// frequencies in db. db must outlive the PassageFinder.
    PassageFinder(const Xapian::Query& query, const Xapian::Database& db);

    /// Up to max_passages passages of doc, best first (ties in document
    /// order). When nothing matches, returns the first paragraph with score
    /// 0. Returns nothing for an empty text. Never throws for any text.
    std::vector<Passage> find(const Document& doc, std::size_t max_passages) const;

  private:
    std::map<std::string, double> exact_;  // word -> weight
    std::map<std::string, double> stems_;  // stem -> weight
    Xapian::Stem stemmer_{schema::kStemLanguage};
};

/// The 1-based page of a byte offset in a paged document (Document::pages),
/// or 0 when doc has no pages.
std::size_t page_of(const Document& doc, std::size_t offset);

}  // namespace dossier
