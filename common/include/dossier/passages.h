#pragma once
/// @file passages.h
/// Finding the passages of a document where the query's words cluster.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "dossier/document.h"

namespace dossier {

/// A paragraph (or part of a long one) of a document's stored text.
struct Passage {
    std::string text;          ///< The passage, as stored.
    std::size_t offset = 0;    ///< Byte offset of the passage in Document::text.
    std::size_t length = 0;    ///< Byte length of the passage.
    std::size_t char_offset = 0;  ///< The same offset in Unicode characters.
    std::size_t char_length = 0;  ///< The same length in Unicode characters.
    std::size_t paragraph = 0;    ///< 1-based paragraph number in the document.
    std::size_t page = 0;         ///< 1-based page (PDF), or 0 when unpaged.
    double score = 0;             ///< How well it matches; 0 for no match.
    /// Matched words: (byte offset, byte length) within text.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

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
    Xapian::Stem stemmer_{"english"};
};

/// The 1-based page of a byte offset in a paged document (Document::pages),
/// or 0 when doc has no pages.
std::size_t page_of(const Document& doc, std::size_t offset);

}  // namespace dossier
