#pragma once
/// @file schema.h
/// The index contract: every Xapian term prefix, value slot and facet that
/// Dossier writes or reads. Nothing else in the code base spells a prefix or a
/// slot number. Changing anything here changes the on-disk format: bump
/// kSchemaVersion.

#include <string_view>

#include <xapian.h>

namespace dossier {
namespace schema {

/// Version of the index layout, stored in the database metadata under
/// kMetaSchemaKey. A database with another version is refused by the tools.
inline constexpr std::string_view kSchemaVersion = "2";
/// Database metadata key holding kSchemaVersion.
inline constexpr std::string_view kMetaSchemaKey = "dossier.schema";
/// Prefix of the database metadata keys holding the OCR text of a PDF page
/// (the rest of the key: languages, pixel size and hash of the rendered page).
inline constexpr std::string_view kMetaOcrPrefix = "dossier.ocr:";

// ---- Probabilistic prefixes (positional text, searchable by field) ----

/// Title words (also indexed without prefix, with a higher weight).
inline constexpr std::string_view kPrefixTitle = "S";
/// Author names.
inline constexpr std::string_view kPrefixAuthor = "A";

// ---- Boolean (filter) prefixes; values are folded with fold_filter_value ----

/// Unique identifier of a document: "Q" + the document key (its path, or a
/// hash of it when too long for a term).
inline constexpr std::string_view kPrefixId = "Q";
/// Document type, e.g. "XTdeclaration".
inline constexpr std::string_view kPrefixType = "XT";
/// Source / publisher, e.g. "XSnato".
inline constexpr std::string_view kPrefixSource = "XS";
/// Country of the document: its metadata countries, or the countries its
/// text mentions when metadata gives none; display names of the gazetteer
/// where known, e.g. "XCnorth korea".
inline constexpr std::string_view kPrefixCountry = "XC";
/// Publication year, e.g. "XY2019".
inline constexpr std::string_view kPrefixYear = "XY";
/// Country or organisation mentioned by the text or given by the metadata,
/// as a gazetteer id (data/gazetteer.tsv), e.g. "XEsouth-korea", "XEnato".
inline constexpr std::string_view kPrefixEntity = "XE";
/// Tag: a front matter tag or category that names no known type, e.g.
/// "XKstatements-releases".
inline constexpr std::string_view kPrefixTag = "XK";
/// Language of the document, an ISO 639-1 code: "XLfr". Databases written
/// before languages were recorded have none (all English).
inline constexpr std::string_view kPrefixLanguage = "XL";

// ---- Value slots ----

/// First day of the publication date, "YYYYMMDD"; absent when undated.
inline constexpr Xapian::valueno kSlotDateStart = 0;
/// Last day of the publication date's period, "YYYYMMDD" (for "2019" it is
/// "20191231"); absent when undated.
inline constexpr Xapian::valueno kSlotDateEnd = 1;
/// Year facet, "YYYY"; absent when undated.
inline constexpr Xapian::valueno kSlotYear = 2;
/// Type facet (folded form).
inline constexpr Xapian::valueno kSlotType = 3;
/// Source facet (as written in the metadata).
inline constexpr Xapian::valueno kSlotSource = 4;
/// Country facet: the countries (as in kPrefixCountry, display form),
/// joined by kListSeparator.
inline constexpr Xapian::valueno kSlotCountries = 5;
/// Absolute path of the source file (empty for documents not from files).
inline constexpr Xapian::valueno kSlotPath = 6;
/// File signature "size:mtime_ns" used by incremental runs.
inline constexpr Xapian::valueno kSlotSignature = 7;
/// Language facet: the ISO 639-1 code of the document's language ("fr").
inline constexpr Xapian::valueno kSlotLanguage = 8;

/// Tag facet: the tags (folded, as in kPrefixTag) joined by kListSeparator.
inline constexpr Xapian::valueno kSlotTags = 9;

/// Stored text: the compressed text blocks of a document whose data has
/// the DSR3 layout (docs/index-format.md). Kept out of the document data
/// because Xapian tries to compress the data once more, in vain.
inline constexpr Xapian::valueno kSlotText = 10;

/// Separator between the items of a multi-valued slot.
inline constexpr char kListSeparator = '\x1f';

/// Longest term Xapian accepts safely; longer ids are hashed.
inline constexpr std::size_t kMaxTermBytes = 240;

/// Longest word the TermGenerator indexes (Xapian's default): a longer
/// word of a text is skipped, so a longer query word can never match.
inline constexpr std::size_t kMaxWordBytes = 64;

/// Positions left empty between two metadata values (list items, fields) so
/// that no phrase can span two of them.
inline constexpr Xapian::termpos kFieldGap = 100;

/// Within-document frequency multiplier for title words.
inline constexpr Xapian::termcount kTitleWeight = 3;

/// Language of the stemmer (Xapian::Stem) of English documents, of
/// documents whose language is unknown, and of queries. A document in
/// another language has the Z-prefixed stem terms of its own language's
/// stemmer; queries add those for the languages the database holds.
inline constexpr const char* kStemLanguage = "english";

}  // namespace schema

/// Version of every JSON object Dossier prints or reads ("schema_version"
/// field; docs/json.md).
inline constexpr int kJsonSchemaVersion = 1;
}  // namespace dossier
