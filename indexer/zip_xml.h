#pragma once
// Internal to libdossier: what the extractors of ZIP-based formats (DOCX,
// ODT, EPUB) share: reading chosen members of a ZIP archive in memory with
// libarchive under size limits, parsing XML with libxml2 without network or
// entity expansion, and gathering text paragraph by paragraph.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "dossier/document.h"

namespace dossier {

/// Limits against archives that inflate to far more than they weigh.
struct ZipLimits {
    /// Largest uncompressed size of one member that is read.
    std::size_t max_member_bytes = std::size_t(128) << 20;
    /// Largest uncompressed size of all members read together.
    std::size_t max_total_bytes = std::size_t(256) << 20;
    /// Most members an archive may list.
    std::size_t max_members = 50000;
};

/// True when bytes start with the signature of a ZIP archive's first member.
bool is_zip(std::string_view bytes);

/// The members of a ZIP archive that a format needs, read into memory.
class ZipArchive {
  public:
    /// Reads the archive in bytes, keeping the members (by their path in the
    /// archive) for which keep() returns true; the others are listed but not
    /// inflated. Throws dossier::Error "not a ZIP archive (...)" when bytes
    /// are no ZIP, "corrupt ZIP archive (...)" when a member cannot be read,
    /// "encrypted ZIP member NAME", and "ZIP member NAME inflates to more than
    /// N bytes (a zip bomb?)" or "ZIP members inflate to more than N bytes in
    /// all (a zip bomb?)" when a limit is passed.
    ZipArchive(std::string_view bytes, const std::function<bool(const std::string&)>& keep,
               const ZipLimits& limits = ZipLimits());

    /// True when the archive lists a member of that path (kept or not).
    bool has(const std::string& name) const;

    /// The content of a kept member, or nullptr when it was not kept or is
    /// absent. The pointer is valid while the archive lives.
    const std::string* find(const std::string& name) const;

  private:
    std::map<std::string, std::optional<std::string>> members_;
};

/// An XML document parsed by libxml2; owns the tree.
class XmlDocument {
  public:
    /// Parses bytes (a member called name, for messages) without network
    /// access, DTD loading or entity substitution. Throws dossier::Error
    /// "malformed XML in NAME: MESSAGE (line N)" when bytes are not
    /// well-formed.
    XmlDocument(std::string_view bytes, const std::string& name);

    /// The root element; never null after construction.
    const xmlNode* root() const { return root_; }

  private:
    std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc_;
    const xmlNode* root_ = nullptr;
};

/// True when node is an element with this local name whose namespace URI is
/// ns (any namespace when ns is empty).
bool is_element(const xmlNode* node, std::string_view ns, std::string_view name);

/// The first child element of node with this namespace and local name, or
/// nullptr.
const xmlNode* child_element(const xmlNode* node, std::string_view ns, std::string_view name);

/// The value of an attribute given by namespace URI (empty: no namespace)
/// and local name, or "".
std::string attribute(const xmlNode* node, std::string_view ns, std::string_view name);

/// All text below node (text and CDATA nodes; entity references are not
/// followed), as written.
std::string element_text(const xmlNode* node);

/// Text gathered paragraph by paragraph: each paragraph is one_line()'d
/// except for the line breaks it asks for, and paragraphs are separated by
/// a blank line so that the passage finder numbers them.
class ParagraphWriter {
  public:
    /// Appends text to the current paragraph.
    void add(std::string_view text) { current_ += text; }
    /// Starts a new line inside the current paragraph.
    void line_break() { current_ += '\n'; }
    /// Ends the current paragraph; an empty one is dropped.
    void end_paragraph();
    /// Appends a whole paragraph (ending the current one first).
    void paragraph(std::string_view text);
    /// The text so far (ending the current paragraph).
    std::string finish();

  private:
    std::string text_;
    std::string current_;
};

/// Extractors of the ZIP-based formats over an archive already read with
/// keep_document_member(); extract_docx(), extract_odt() and extract_epub()
/// (extract.h) read the archive and call them. Each throws dossier::Error
/// naming what is missing or malformed.
Document docx_from_zip(const ZipArchive& zip);
Document odt_from_zip(const ZipArchive& zip);  ///< See docx_from_zip().
Document epub_from_zip(const ZipArchive& zip);  ///< See docx_from_zip().

/// Gives meta the title the document shows when its properties give none:
/// heading (a Title paragraph, else the first top-level heading; "" for
/// none), cut to kMaxTitleBytes. title_source says which it was:
/// "metadata" or "heading".
void title_from_heading(Metadata& meta, const std::string& heading);

/// The members worth inflating in a document archive: everything but
/// pictures, sound, video, fonts and style sheets.
bool keep_document_member(const std::string& name);

}  // namespace dossier
