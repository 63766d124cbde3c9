#pragma once
// Internal to libdossier: finding the passages of a document where the query's words cluster.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "dossier/document.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"
#include "codec.h"

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

    /// The same passages as find() on the whole stored text of document
    /// docid of db (stored is its data, doc its metadata), inflating only
    /// the blocks that can hold them: the positions of the query's words
    /// bound each block's best score, and blocks are read best bound first
    /// until no unread block can beat the passages found. REQUIRES:
    /// stored.has_positions() and docid's positions in db (a local
    /// database). Throws dossier::Error on corrupt data.
    std::vector<Passage> find(const StoredData& stored, const Document& doc, Xapian::docid docid,
                              std::size_t max_passages) const;

    /// Stems the words of the documents passed next with stemmer, that of
    /// their language (English until called).
    void set_stemmer(const Xapian::Stem& stemmer) { stemmer_ = stemmer; }

  private:
    using Entry = std::pair<const std::string, double>;
    struct Piece;
    struct Candidate;

    /// The query word that a word of text matches (word in ASCII lower
    /// case), or nullptr.
    const Entry* match(const std::string& word) const;
    /// Scores each paragraph of pieces[i], appending them to out.
    void score(const std::vector<Piece>& pieces, std::size_t i, std::vector<Candidate>& out) const;
    /// For each block of stored, the most any of its passages can score;
    /// nothing when the query's words have too many forms to look up.
    std::optional<std::vector<double>> block_bounds(const StoredData& stored, Xapian::docid docid) const;
    /// Records the phrases of query (phrases_) and the words it holds
    /// outside them (free_exact_).
    void collect_phrases(const Xapian::Query& query, bool in_phrase);
    /// Whether word (ASCII lower case) matches a query word that is not
    /// only part of a phrase.
    bool matches_outside_phrases(const std::string& word) const;
    /// Drops p's highlights of words that the query holds only in phrases,
    /// where they are not part of one of those phrases in p's text.
    void keep_phrase_matches(Passage& p) const;
    /// Finds the terms of the database holding a word that match() takes
    /// (variants_), once per query.
    void collect_variants() const;
    /// The best max_passages of scored, with their text and locations.
    std::vector<Passage> select(std::vector<Candidate> scored, const std::vector<Piece>& pieces,
                                const Document& doc, std::size_t max_passages) const;

    const Xapian::Database* db_;
    std::map<std::string, double> exact_;  // word -> weight
    std::map<std::string, double> stems_;  // stem -> weight
    std::vector<std::vector<std::string>> phrases_;  // each phrase's words, as in exact_
    std::set<std::string> free_exact_;               // exact_'s words found outside phrases
    bool exact_starts_[256] = {};          // first bytes of exact_'s words
    bool stem_starts_[256] = {};           // first bytes of stems_'s stems
    Xapian::Stem stemmer_{schema::kStemLanguage};

    /// A term of the database and the query words it holds.
    struct Variant {
        std::string term;
        std::vector<const Entry*> entries;
    };
    mutable std::optional<std::vector<Variant>> variants_;  // empty optional: not collected
    mutable bool too_many_variants_ = false;
};

/// A hit's excerpt: at most max_bytes bytes of passage.text (not counting
/// the "..." that marks a cut end), with runs of white space as one space,
/// placed to hold the most distinct matched words (then the most matches,
/// then the earliest), cut between words where the budget allows and never
/// inside a UTF-8 character. text and highlights are replaced; highlights
/// are those of the passage that fall inside, in excerpt offsets. An empty
/// passage gives an empty excerpt; max_bytes 0 gives nothing.
void excerpt(const Passage& passage, std::size_t max_bytes, std::string& text,
             std::vector<std::pair<std::size_t, std::size_t>>& highlights);

/// The 1-based page of a byte offset in a paged document (Document::pages),
/// or 0 when doc has no pages.
std::size_t page_of(const Document& doc, std::size_t offset);

}  // namespace dossier
