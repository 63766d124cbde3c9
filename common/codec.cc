#include "codec.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "compress.h"
#include "paragraphs.h"
#include "text.h"

namespace dossier {

namespace {

// DSR1: metadata, then the whole text as one zlib stream. DSR2: metadata as
// a zlib stream, then a table of text blocks and the blocks, each its own
// zlib stream. DSR3: DSR2 without the blocks, which are in slot kSlotText.
constexpr std::string_view kDataMagicV1 = "DSR1";
constexpr std::string_view kDataMagicV2 = "DSR2";
constexpr std::string_view kDataMagic = "DSR3";
constexpr std::uint64_t kFlagPositions = 1;

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

std::uint64_t get_varint(std::string_view data, std::size_t& pos) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= data.size()) throw Error("corrupt document data: truncated length");
        auto byte = static_cast<unsigned char>(data[pos++]);
        v |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return v;
    }
    throw Error("corrupt document data: bad length");
}

nlohmann::json meta_json(const Document& doc) {
    nlohmann::json meta = {
        {"key", doc.key},
        {"path", doc.path},
        {"format", doc.format},
        {"title", doc.meta.title},
        {"date", doc.meta.date.to_string()},
        {"type", doc.meta.type},
        {"source", doc.meta.source},
        {"authors", doc.meta.authors},
        {"countries", doc.meta.countries},
        {"url", doc.meta.url},
    };
    // Optional fields are left out when empty to keep small documents small.
    if (!doc.meta.date_source.empty()) meta["date_source"] = doc.meta.date_source;
    if (!doc.meta.date_evidence.empty()) meta["date_evidence"] = doc.meta.date_evidence;
    if (!doc.meta.type_source.empty()) meta["type_source"] = doc.meta.type_source;
    if (!doc.meta.title_source.empty()) meta["title_source"] = doc.meta.title_source;
    if (!doc.meta.date_refused.empty()) meta["date_refused"] = doc.meta.date_refused;
    if (!doc.meta.countries_source.empty()) meta["countries_source"] = doc.meta.countries_source;
    if (!doc.meta.entities.empty()) meta["entities"] = doc.meta.entities;
    if (!doc.meta.tags.empty()) meta["tags"] = doc.meta.tags;
    if (!doc.meta.source_source.empty()) meta["source_source"] = doc.meta.source_source;
    if (!doc.meta.source_evidence.empty()) meta["source_evidence"] = doc.meta.source_evidence;
    if (!doc.pages.empty()) meta["pages"] = doc.pages;
    return meta;
}

Document document_from_json(const nlohmann::json& meta) {
    Document doc;
    doc.key = meta.value("key", "");
    doc.path = meta.value("path", "");
    doc.format = meta.value("format", "");
    doc.meta.title = meta.value("title", "");
    if (auto date = Date::parse(meta.value("date", ""))) doc.meta.date = *date;
    doc.meta.type = meta.value("type", "");
    doc.meta.source = meta.value("source", "");
    doc.meta.authors = meta.value("authors", std::vector<std::string>{});
    doc.meta.countries = meta.value("countries", std::vector<std::string>{});
    doc.meta.url = meta.value("url", "");
    doc.meta.date_source = meta.value("date_source", "");
    doc.meta.date_evidence = meta.value("date_evidence", "");
    doc.meta.type_source = meta.value("type_source", "");
    doc.meta.title_source = meta.value("title_source", "");
    doc.meta.date_refused = meta.value("date_refused", "");
    doc.meta.countries_source = meta.value("countries_source", "");
    doc.meta.entities = meta.value("entities", std::vector<std::string>{});
    doc.meta.tags = meta.value("tags", std::vector<std::string>{});
    doc.meta.source_source = meta.value("source_source", "");
    doc.meta.source_evidence = meta.value("source_evidence", "");
    doc.pages = meta.value("pages", std::vector<std::size_t>{});
    return doc;
}

}  // namespace

std::string id_term(const std::string& key) {
    std::string term(schema::kPrefixId);
    if (term.size() + key.size() <= schema::kMaxTermBytes) return term + key;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(fnv1a(key)));
    return term + "#" + hex;
}

std::vector<TextBlock> plan_text_blocks(std::string_view text) {
    std::vector<TextBlock> blocks(1);
    for (const TextSpan& span : split_spans(text)) {
        TextBlock& current = blocks.back();
        if (!current.paragraph_offsets.empty() && span.begin - current.offset >= kTextBlockBytes) {
            current.length = span.begin - current.offset;
            TextBlock next;
            next.offset = span.begin;
            next.chars_before = current.chars_before + count_chars(text.substr(current.offset, current.length));
            next.paragraphs_before = span.paragraph - 1;
            blocks.push_back(std::move(next));
        }
        blocks.back().paragraph_offsets.push_back(span.begin);
    }
    blocks.back().length = text.size() - blocks.back().offset;
    return blocks;
}

EncodedDocument encode_document_data(const Document& doc, const std::vector<TextBlock>& blocks) {
    std::vector<TextBlock> planned;
    const std::vector<TextBlock>* table = &blocks;
    bool positions = !blocks.empty();
    if (blocks.empty()) {
        planned = plan_text_blocks(doc.text);
        table = &planned;
    }
    // Metadata comes from repaired UTF-8, but replace rather than throw if a
    // caller hands us raw bytes through the embedding API.
    std::string json = meta_json(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string meta = compress_block(json);
    std::string out(kDataMagic);
    put_varint(out, meta.size());
    out += meta;
    put_varint(out, positions ? kFlagPositions : 0);
    put_varint(out, table->size());
    std::vector<std::string> compressed;
    compressed.reserve(table->size());
    std::size_t end = 0;
    for (const TextBlock& b : *table) {
        if (b.offset != end || b.offset + b.length > doc.text.size())
            throw Error("document " + doc.key + ": text blocks do not cover its text");
        end = b.offset + b.length;
        std::string_view bytes = std::string_view(doc.text).substr(b.offset, b.length);
        compressed.push_back(compress_block(bytes));
        put_varint(out, b.length);
        put_varint(out, count_chars(bytes));
        put_varint(out, b.paragraphs_before);
        put_varint(out, b.first_pos);
        put_varint(out, compressed.back().size());
        if (positions) {
            if (b.paragraph_pos.size() != b.paragraph_offsets.size())
                throw Error("document " + doc.key + ": text blocks lack their paragraphs' positions");
            put_varint(out, b.paragraph_pos.size());
            Xapian::termpos last = b.first_pos;
            for (Xapian::termpos pos : b.paragraph_pos) {
                if (pos < last) throw Error("document " + doc.key + ": paragraph positions go backwards");
                put_varint(out, pos - last);
                last = pos;
            }
        }
    }
    if (end != doc.text.size()) throw Error("document " + doc.key + ": text blocks do not cover its text");
    std::size_t total = 0;
    for (const auto& c : compressed) total += c.size();
    EncodedDocument encoded;
    encoded.data = std::move(out);
    encoded.text.reserve(total);
    for (const auto& c : compressed) encoded.text += c;
    return encoded;
}

void set_stored_document(Xapian::Document& xdoc, EncodedDocument encoded) {
    xdoc.set_data(std::move(encoded.data));
    xdoc.add_value(schema::kSlotText, std::move(encoded.text));
}

namespace {

bool has_magic(std::string_view data, std::string_view magic) { return data.substr(0, magic.size()) == magic; }

}  // namespace

StoredData::StoredData(const Xapian::Document& xdoc) : data_(xdoc.get_data()) {
    // Only the current layout reads the slot: older documents have none.
    if (has_magic(data_, kDataMagic)) text_ = xdoc.get_value(schema::kSlotText);
    read_header();
}

StoredData::StoredData(std::string data, std::string text) : data_(std::move(data)), text_(std::move(text)) {
    read_header();
}

void StoredData::read_header() {
    std::string_view view(data_);
    bool v1 = has_magic(view, kDataMagicV1);
    separate_text_ = has_magic(view, kDataMagic);
    if (!v1 && !separate_text_ && !has_magic(view, kDataMagicV2))
        throw Error("corrupt document data: not a Dossier document");
    std::size_t pos = kDataMagic.size();
    std::uint64_t len = get_varint(view, pos);
    if (len > view.size() - pos) throw Error("corrupt document data: truncated metadata");
    try {
        meta_ = nlohmann::json::parse(v1 ? std::string(view.substr(pos, len)) : decompress(view.substr(pos, len)));
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("corrupt document data: ") + e.what());
    }
    pos += len;
    if (v1) {
        // One stream: a single block whose length is known once inflated.
        blocks_.push_back({});
        stored_.push_back({pos, view.size() - pos});
        whole_stream_ = true;
        return;
    }
    positions_ = (get_varint(view, pos) & kFlagPositions) != 0;
    std::uint64_t count = get_varint(view, pos);
    if (count > view.size()) throw Error("corrupt document data: bad block count");
    std::size_t offset = 0, chars = 0;
    std::vector<std::uint64_t> sizes;
    for (std::uint64_t i = 0; i < count; ++i) {
        TextBlock b;
        b.offset = offset;
        b.chars_before = chars;
        b.length = get_varint(view, pos);
        chars += get_varint(view, pos);
        b.paragraphs_before = get_varint(view, pos);
        b.first_pos = static_cast<Xapian::termpos>(get_varint(view, pos));
        sizes.push_back(get_varint(view, pos));
        if (positions_) {
            std::uint64_t n = get_varint(view, pos);
            if (n > view.size() - pos) throw Error("corrupt document data: bad paragraph count");
            Xapian::termpos last = b.first_pos;
            for (std::uint64_t k = 0; k < n; ++k) {
                last += static_cast<Xapian::termpos>(get_varint(view, pos));
                b.paragraph_pos.push_back(last);
            }
        }
        offset += b.length;
        blocks_.push_back(b);
    }
    if (separate_text_) pos = 0;
    const std::size_t bytes = blocks_bytes().size();
    for (std::uint64_t size : sizes) {
        if (size > bytes - pos) throw Error("corrupt document data: truncated text");
        stored_.push_back({pos, size});
        pos += size;
    }
}

Document StoredData::metadata() const {
    try {
        return document_from_json(meta_);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("corrupt document data: ") + e.what());
    }
}

std::string StoredData::block_text(std::size_t i) const {
    const auto& [pos, size] = stored_.at(i);
    std::string text = decompress(blocks_bytes().substr(pos, size));
    if (!whole_stream_ && text.size() != blocks_[i].length)
        throw Error("corrupt document data: a text block has the wrong length");
    return text;
}

std::string StoredData::text() const {
    std::string out;
    if (!whole_stream_) out.reserve(blocks_.empty() ? 0 : blocks_.back().offset + blocks_.back().length);
    for (std::size_t i = 0; i < blocks_.size(); ++i) out += block_text(i);
    return out;
}

namespace {

Document decode(const StoredData& stored, bool with_text) {
    Document doc = stored.metadata();
    if (with_text) doc.text = stored.text();
    return doc;
}

}  // namespace

Document decode_document_data(const EncodedDocument& encoded, bool with_text) {
    return decode(StoredData(encoded.data, encoded.text), with_text);
}

Document decode_document_data(const Xapian::Document& xdoc, bool with_text) {
    return decode(StoredData(xdoc), with_text);
}

}  // namespace dossier
