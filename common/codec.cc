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
// zlib stream.
constexpr std::string_view kDataMagicV1 = "DSR1";
constexpr std::string_view kDataMagic = "DSR2";
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

std::string encode_document_data(const Document& doc, const std::vector<TextBlock>& blocks) {
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
    // The metadata is compressed too, so that the whole blob is compressed
    // data: the database then stores it as it is, and reading a document
    // does not inflate it all once more before a block can be chosen.
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
    for (const auto& c : compressed) out += c;
    return out;
}

StoredData::StoredData(std::string data) : data_(std::move(data)) {
    std::string_view view(data_);
    bool v1 = view.substr(0, kDataMagicV1.size()) == kDataMagicV1;
    if (!v1 && view.substr(0, kDataMagic.size()) != kDataMagic)
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
    for (std::uint64_t size : sizes) {
        if (size > view.size() - pos) throw Error("corrupt document data: truncated text");
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
    std::string text = decompress(std::string_view(data_).substr(pos, size));
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

Document decode_document_data(const std::string& data, bool with_text) {
    StoredData stored(data);
    Document doc = stored.metadata();
    if (with_text) doc.text = stored.text();
    return doc;
}

}  // namespace dossier
