#pragma once
// Internal to libdossier: the document codec, the layout of a document's
// stored data (docs/index-format.md). The index writer encodes, the searcher
// decodes; both go through this file only.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "dossier/document.h"

namespace dossier {

/// The unique-id term of a document key (kPrefixId + key, or + a hash when
/// the key is too long for a term).
std::string id_term(const std::string& key);

/// Stored text is cut into blocks of at least this many bytes, each
/// compressed on its own, so that a passage is read without inflating the
/// whole text.
inline constexpr std::size_t kTextBlockBytes = 4096;

/// A block of a document's stored text.
struct TextBlock {
    std::size_t offset = 0;        ///< Byte offset of the block in Document::text.
    std::size_t length = 0;        ///< Its length in bytes.
    std::size_t chars_before = 0;  ///< Unicode characters of the text before it.
    /// Paragraphs before the one it starts in, so that its first span
    /// belongs to paragraph paragraphs_before + 1.
    std::size_t paragraphs_before = 0;
    /// The term position after which its words were indexed
    /// (TermGenerator::get_termpos() before indexing it): its first word has
    /// position first_pos + 1.
    Xapian::termpos first_pos = 0;
    /// Byte offsets (in Document::text) where its spans (paragraphs or
    /// parts of long ones) start, in order; not stored, for the index writer.
    std::vector<std::size_t> paragraph_offsets;
    /// The term position after which each of its spans was indexed, in
    /// order (filled by the index writer, stored with positions), so that
    /// the searcher can tell which span a match falls in.
    std::vector<Xapian::termpos> paragraph_pos;
};

/// Cuts text into blocks that start where a span of split_spans() starts
/// (a paragraph, or a part of a long one), each holding at least
/// kTextBlockBytes when the text allows, so that the passages of a block
/// read alone are those of the whole text. The blocks cover the whole text,
/// in order; an empty text is one empty block. Fills paragraph_offsets with
/// the spans' starts; leaves first_pos 0 and paragraph_pos empty.
std::vector<TextBlock> plan_text_blocks(std::string_view text);

/// A document as stored: the document data, and the compressed text
/// blocks that go to value slot schema::kSlotText.
struct EncodedDocument {
    std::string data;
    std::string text;
};

/// Serialises a document's metadata and its text, in blocks (format
/// described in docs/index-format.md, layout DSR3). blocks is
/// plan_text_blocks(doc.text) with the term positions filled in by the
/// index writer; when empty, the text is planned here and stored without
/// positions. Throws dossier::Error when the blocks do not cover the text.
EncodedDocument encode_document_data(const Document& doc, const std::vector<TextBlock>& blocks = {});

/// Stores encoded into xdoc: its data, and its text in slot kSlotText.
void set_stored_document(Xapian::Document& xdoc, EncodedDocument encoded);

/// A document's data blob, read on demand: the metadata and the block table
/// at once, the text block by block.
class StoredData {
  public:
    /// Reads the header of data (this object keeps it and text). Every
    /// layout is read: DSR3, whose blocks are text (value slot kSlotText);
    /// DSR2, whose blocks follow the header in data (text is ignored); and
    /// the one-stream layout DSR1 of databases made before text blocks (one
    /// block, without positions). Throws dossier::Error on a corrupt blob.
    explicit StoredData(std::string data, std::string text = {});

    /// Reads a stored document: its data, and slot kSlotText when the data
    /// says the blocks are there.
    explicit StoredData(const Xapian::Document& xdoc);

    /// The metadata, with an empty text. Throws dossier::Error when corrupt.
    Document metadata() const;

    /// The blocks, in text order.
    const std::vector<TextBlock>& blocks() const { return blocks_; }

    /// Whether the blocks' first_pos values are the index's term positions.
    bool has_positions() const { return positions_; }

    /// The text of block i. Throws dossier::Error on corrupt data.
    std::string block_text(std::size_t i) const;

    /// The whole text, byte for byte as it was stored. Throws dossier::Error
    /// on corrupt data.
    std::string text() const;

  private:
    void read_header();
    /// Where the compressed blocks are: text_ (DSR3) or data_.
    std::string_view blocks_bytes() const { return separate_text_ ? text_ : data_; }

    std::string data_;
    std::string text_;  // DSR3: the compressed blocks
    nlohmann::json meta_;
    std::vector<TextBlock> blocks_;
    std::vector<std::pair<std::size_t, std::size_t>> stored_;  // (offset, size) in blocks_bytes()
    bool separate_text_ = false;  // DSR3: stored_ points into text_
    bool positions_ = false;
    bool whole_stream_ = false;
};

/// Inverse of encode_document_data(). with_text=false skips inflating the
/// text. Throws dossier::Error on a corrupt blob.
Document decode_document_data(const EncodedDocument& encoded, bool with_text = true);

/// The document stored in xdoc (any layout, as StoredData reads it).
Document decode_document_data(const Xapian::Document& xdoc, bool with_text = true);

}  // namespace dossier
