#include "codec.h"

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "compress.h"

namespace dossier {

namespace {

constexpr std::string_view kDataMagic = "DSR1";

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

}  // namespace

std::string id_term(const std::string& key) {
    std::string term(schema::kPrefixId);
    if (term.size() + key.size() <= schema::kMaxTermBytes) return term + key;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(fnv1a(key)));
    return term + "#" + hex;
}

std::string encode_document_data(const Document& doc) {
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
    if (!doc.meta.countries_source.empty()) meta["countries_source"] = doc.meta.countries_source;
    if (!doc.meta.entities.empty()) meta["entities"] = doc.meta.entities;
    if (!doc.pages.empty()) meta["pages"] = doc.pages;
    // Metadata comes from repaired UTF-8, but replace rather than throw if a
    // caller hands us raw bytes through the embedding API.
    std::string json = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out(kDataMagic);
    put_varint(out, json.size());
    out += json;
    out += compress(doc.text);
    return out;
}

Document decode_document_data(const std::string& data, bool with_text) {
    std::string_view view(data);
    if (view.substr(0, kDataMagic.size()) != kDataMagic)
        throw Error("corrupt document data: not a Dossier document");
    std::size_t pos = kDataMagic.size();
    std::uint64_t len = get_varint(view, pos);
    if (len > view.size() - pos) throw Error("corrupt document data: truncated metadata");
    nlohmann::json meta;
    try {
        meta = nlohmann::json::parse(view.substr(pos, len));
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("corrupt document data: ") + e.what());
    }
    pos += len;
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
    doc.meta.countries_source = meta.value("countries_source", "");
    doc.meta.entities = meta.value("entities", std::vector<std::string>{});
    doc.pages = meta.value("pages", std::vector<std::size_t>{});
    if (with_text) doc.text = decompress(view.substr(pos));
    return doc;
}

}  // namespace dossier
