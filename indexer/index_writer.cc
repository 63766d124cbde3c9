#include "dossier/index_writer.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "codec.h"
#include "db_check.h"
#include "language.h"
#include "normalise.h"
#include "text.h"

namespace dossier {

namespace {

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out.push_back(schema::kListSeparator);
        out += item;
    }
    return out;
}

// Filter terms are capped like ids: a pathological metadata value must not
// make Xapian reject the whole document.
void add_filter_term(Xapian::Document& xdoc, std::string_view prefix,
                     std::string_view value) {
    std::string folded = fold_filter_value(value);
    if (folded.empty()) return;
    std::string term(prefix);
    term += folded;
    if (term.size() > schema::kMaxTermBytes) term.resize(schema::kMaxTermBytes);
    xdoc.add_boolean_term(term);
}

/// The word after a French or Italian elision ("l'otan" -> "otan", "qu'il"
/// -> "il"), or "" when term is none. The term generator keeps such a word
/// whole, so that "OTAN" alone would not find "l'OTAN".
std::string after_elision(std::string_view term) {
    std::size_t quote = term.find('\'');
    if (quote == std::string_view::npos || quote == 0 || quote > 4 || quote + 1 >= term.size()) return {};
    std::string_view head = term.substr(0, quote);
    static const std::string_view kElided[] = {"l", "d", "j", "m", "n", "s", "t", "c", "qu",
                                               "un", "dall", "dell", "all", "nell", "sull"};
    for (std::string_view e : kElided)
        if (head == e) return std::string(term.substr(quote + 1));
    return {};
}

/// Adds the accent-free twin of every word of xdoc written with accents
/// ("côte" -> "cote", with the same positions and wdf) and the stem of that
/// twin ("sécurité" -> "securite", "Zsecurit"), so that a query typed without
/// accents finds the text, phrases included, and is stemmed as typed; the
/// accented term still finds only what was written with accents. With
/// elisions (French, Italian), "l'OTAN" also gets the twin "otan".
void add_folded_twins(Xapian::Document& xdoc, const Xapian::Stem& stemmer, bool elisions) {
    struct Twin {
        std::string prefix;
        std::string word;
        Xapian::termcount wdf;
        std::vector<Xapian::termpos> positions;
    };
    std::vector<Twin> twins;
    for (auto t = xdoc.termlist_begin(); t != xdoc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (term.empty() || term[0] == 'Z') continue;
        // Most terms are ASCII without an elision: their twin would be
        // themselves.
        if (std::all_of(term.begin(), term.end(),
                        [&](char c) { return static_cast<unsigned char>(c) < 0x80 && !(elisions && c == '\''); }))
            continue;
        std::size_t prefix = 0;
        while (prefix < term.size() && term[prefix] >= 'A' && term[prefix] <= 'Z') ++prefix;
        std::string word = term.substr(prefix);
        if (elisions) {
            std::string after = after_elision(word);
            if (!after.empty()) word = after;
        }
        std::string folded = fold_accents(word);
        if (folded.empty() || folded == term.substr(prefix)) continue;
        twins.push_back({term.substr(0, prefix), std::move(folded), t.get_wdf(),
                         {t.positionlist_begin(), t.positionlist_end()}});
    }
    for (const Twin& twin : twins) {
        const std::string term = twin.prefix + twin.word;
        for (Xapian::termpos pos : twin.positions) xdoc.add_posting(term, pos, 0);
        xdoc.add_term(term, twin.wdf);
        if (!stemmer.is_none()) xdoc.add_term("Z" + twin.prefix + stemmer(twin.word), twin.wdf);
    }
}

/// A run killed while Xapian was creating a database leaves table files but
/// no version file (iamglass, written last from v.tmp): no revision was
/// ever committed, yet Xapian can neither open nor create the database
/// there. Removes such leftovers when the folder holds nothing else and
/// returns whether it did.
bool clear_unfinished_creation(const std::string& db_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(fs::path(db_path) / "iamglass", ec)) return false;
    auto ends_with = [](const std::string& name, std::string_view suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    std::vector<fs::path> leftovers;
    bool tables = false;
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == "flintlock") continue;
        bool table = ends_with(name, ".glass") || name == "v.tmp";
        if (!table && !ends_with(name, ".tmp") && !ends_with(name, ".baseA") && !ends_with(name, ".baseB"))
            return false;  // a file Xapian did not make: not ours to remove
        tables = tables || table;
        leftovers.push_back(it->path());
    }
    if (ec || !tables) return false;
    for (const auto& path : leftovers) fs::remove(path, ec);
    return !ec;
}

Xapian::WritableDatabase open_writable(const std::string& db_path) {
    // Before Xapian: it reports a folder it may not write as a lock held
    // by another writer, and parses a plain file as a stub-database file
    // (Xapian's format for pointing at other databases): "Bad line".
    check_database_writable(db_path);
    std::error_code ec;
    std::filesystem::create_directories(db_path, ec);
    if (ec) throw Error("cannot create database folder " + db_path + ": " + ec.message());
    try {
        try {
            return Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN);
        } catch (const Xapian::DatabaseOpeningError&) {
            // Xapian takes the write lock before it reads the version file,
            // so no other writer is creating the database at this point.
            if (!clear_unfinished_creation(db_path)) throw;
            return Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN);
        }
    } catch (const Xapian::DatabaseLockError&) {
        throw LockError("database " + db_path +
                        " is locked by another writer (lock file " + db_path +
                        "/flintlock); wait for it to finish");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseCorruptError("cannot open database " + db_path + " for writing: the database is damaged: " +
                                   e.get_msg());
    } catch (const Xapian::Error& e) {
        throw Error("cannot open database " + db_path + " for writing: " +
                    e.get_msg());
    }
}

/// The message of a Xapian error with the system's reason ("No space left
/// on device"), which Xapian keeps in the error string.
std::string reason_of(const Xapian::Error& e) {
    std::string reason = e.get_msg();
    if (e.get_error_string() != nullptr) reason += std::string(": ") + e.get_error_string();
    return reason;
}

}  // namespace

IndexWriter::IndexWriter(const std::string& db_path) : IndexWriter(db_path, IndexWriterOptions()) {}

IndexWriter::IndexWriter(const std::string& db_path, const IndexWriterOptions& options)
    : db_path_(db_path), options_(options), db_(open_writable(db_path)) {
    std::string version;
    try {
        version = db_.get_metadata(std::string(schema::kMetaSchemaKey));
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseCorruptError("cannot read database " + db_path + ": the database is damaged: " + reason_of(e));
    } catch (const Xapian::Error& e) {
        throw Error("cannot read database " + db_path + ": " + reason_of(e));
    }
    if (version.empty()) {
        if (db_.get_doccount() != 0)
            throw Error("database " + db_path + " was not written by Dossier");
        db_.set_metadata(std::string(schema::kMetaSchemaKey),
                         std::string(schema::kSchemaVersion));
    } else if (version != schema::kSchemaVersion) {
        throw Error("database " + db_path + " has schema version " + version +
                    ", this Dossier needs " + std::string(schema::kSchemaVersion) +
                    ": re-index into a new database");
    }
}

DocumentBuilder::DocumentBuilder() {
    termgen_.set_stemmer(Xapian::Stem(schema::kStemLanguage));
    termgen_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    termgen_.set_max_word_length(schema::kMaxWordBytes);
    // Chinese, Japanese and Korean runs become character unigrams and
    // bigrams; other scripts are not affected.
    termgen_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

IndexWriter::~IndexWriter() {
    try {
        // A moved-from writer holds no database: nothing to commit.
        if (db_.size() > 0) db_.commit();
    } catch (...) {
        // Destructors must not throw; callers wanting the error call commit().
    }
}

IndexWriter::IndexWriter(IndexWriter&& other) noexcept = default;

IndexWriter& IndexWriter::operator=(IndexWriter&& other) noexcept {
    if (this == &other) return *this;
    try {
        if (db_.size() > 0) db_.commit();
    } catch (...) {
        // As in the destructor: the changes are lost, the lock released.
    }
    db_path_ = std::move(other.db_path_);
    options_ = other.options_;
    db_ = std::move(other.db_);
    builder_ = std::move(other.builder_);
    return *this;
}

PreparedDocument DocumentBuilder::build(const Document& doc, const std::string& signature) {
    Xapian::Document xdoc;
    termgen_.set_document(xdoc);
    const Metadata& meta = doc.meta;
    // Each document is stemmed in its own language; unknown is English.
    std::string language = language_code(meta.language);
    if (language.empty()) language = "en";
    const Xapian::Stem stemmer = language == "en" ? stemmer_ : stemmer_for(language);
    termgen_.set_stemmer(stemmer);

    // Each metadata value sits in its own positional island so that no
    // phrase can span two values (e.g. "Korea North" across two countries).
    auto index_island = [&](const std::string& value, Xapian::termcount weight,
                            std::string_view prefix) {
        if (value.empty()) return;
        termgen_.index_text(index_form(value), weight, std::string(prefix));
        termgen_.increase_termpos(schema::kFieldGap);
    };
    index_island(meta.title, schema::kTitleWeight, schema::kPrefixTitle);
    index_island(meta.title, schema::kTitleWeight, "");
    for (const auto& author : meta.authors) {
        index_island(author, 1, schema::kPrefixAuthor);
        index_island(author, 1, "");
    }
    index_island(meta.source, 1, "");
    // Countries detected in the text are already words of the text.
    if (meta.countries_source != "text")
        for (const auto& country : meta.countries) index_island(country, 1, "");
    // The text is indexed block by block as it is stored, so that the
    // searcher can tell from a match's position which block to inflate.
    std::vector<TextBlock> blocks = plan_text_blocks(doc.text);
    // Paragraph by paragraph, so that it can also tell which paragraph.
    const std::string_view text(doc.text);
    for (TextBlock& block : blocks) {
        block.first_pos = termgen_.get_termpos();
        const std::size_t end = block.offset + block.length;
        for (std::size_t k = 0; k < block.paragraph_offsets.size(); ++k) {
            std::size_t from = block.paragraph_offsets[k];
            std::size_t to = k + 1 < block.paragraph_offsets.size() ? block.paragraph_offsets[k + 1] : end;
            block.paragraph_pos.push_back(termgen_.get_termpos());
            termgen_.index_text(index_form(text.substr(from, to - from)));
        }
    }
    // "Indo-Pacific" is also indexed joined, with its stem, so that
    // IndoPacific, Indo-Pacific and Indo Pacific find the same documents.
    for (const std::string& text : {meta.title, doc.text}) {
        for (const auto& joined : hyphen_compounds(text)) {
            xdoc.add_term(joined);
            xdoc.add_term("Z" + stemmer(joined));
        }
    }
    add_folded_twins(xdoc, stemmer, language == "fr" || language == "it");
    add_filter_term(xdoc, schema::kPrefixLanguage, language);
    xdoc.add_value(schema::kSlotLanguage, language);

    if (!meta.type.empty()) {
        add_filter_term(xdoc, schema::kPrefixType, meta.type);
        xdoc.add_value(schema::kSlotType, fold_filter_value(meta.type));
    }
    if (!meta.source.empty()) {
        add_filter_term(xdoc, schema::kPrefixSource, meta.source);
        xdoc.add_value(schema::kSlotSource, meta.source);
    }
    for (const auto& country : meta.countries) add_filter_term(xdoc, schema::kPrefixCountry, country);
    if (!meta.countries.empty()) xdoc.add_value(schema::kSlotCountries, join_list(meta.countries));
    for (const auto& entity : meta.entities) add_filter_term(xdoc, schema::kPrefixEntity, entity);
    std::vector<std::string> tags;
    for (const auto& tag : meta.tags) {
        std::string folded = fold_filter_value(tag);
        if (folded.empty() || std::find(tags.begin(), tags.end(), folded) != tags.end()) continue;
        add_filter_term(xdoc, schema::kPrefixTag, tag);
        tags.push_back(std::move(folded));
    }
    if (!tags.empty()) xdoc.add_value(schema::kSlotTags, join_list(tags));
    if (meta.date.is_dated()) {
        std::string year = std::to_string(meta.date.year);
        xdoc.add_boolean_term(std::string(schema::kPrefixYear) + year);
        xdoc.add_value(schema::kSlotYear, year);
        xdoc.add_value(schema::kSlotDateStart, meta.date.first_day_key());
        xdoc.add_value(schema::kSlotDateEnd, meta.date.last_day_key());
    }
    if (!doc.path.empty()) xdoc.add_value(schema::kSlotPath, doc.path);
    if (!signature.empty()) xdoc.add_value(schema::kSlotSignature, signature);

    std::string id = id_term(doc.key);
    xdoc.add_boolean_term(id);
    set_stored_document(xdoc, encode_document_data(doc, blocks));
    // Xapian handles are not thread-safe: drop the generator's reference so
    // that the document can be handed to a writer on another thread.
    termgen_.set_document(Xapian::Document());
    return {std::move(id), doc.key, std::move(xdoc)};
}

Xapian::docid IndexWriter::add(const Document& doc, const std::string& signature) {
    Document normalised = doc;
    normalise_document(normalised, options_.detect_metadata);
    return add(builder_.build(normalised, signature));
}

void sync_spelling(Xapian::WritableDatabase& db) {
    auto is_word = [](const std::string& term) {
        return term.size() >= 3 && term.size() <= 32 &&
               std::all_of(term.begin(), term.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    };
    try {
        // Both lists are sorted: walk them side by side, note the changes,
        // and apply them once the iterators are done.
        std::vector<std::pair<std::string, long long>> changes;
        auto spell = db.spellings_begin();
        auto spell_end = db.spellings_end();
        auto it = db.allterms_begin();
        it.skip_to("a");  // the unprefixed lower-case terms start here
        for (; it != db.allterms_end(); ++it) {
            const std::string& term = *it;
            if (term[0] > 'z') break;  // past the unprefixed lower-case terms
            if (!is_word(term)) continue;
            for (; spell != spell_end && *spell < term; ++spell)
                changes.emplace_back(*spell, -static_cast<long long>(spell.get_termfreq()));
            long long have = 0;
            if (spell != spell_end && *spell == term) {
                have = spell.get_termfreq();
                ++spell;
            }
            long long freq = it.get_termfreq();
            if (freq != have) changes.emplace_back(term, freq - have);
        }
        for (; spell != spell_end; ++spell)
            changes.emplace_back(*spell, -static_cast<long long>(spell.get_termfreq()));
        for (const auto& [word, delta] : changes) {
            if (delta > 0) db.add_spelling(word, static_cast<Xapian::termcount>(delta));
            if (delta < 0) db.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
        }
    } catch (const Xapian::Error& e) {
        std::string reason = e.get_msg();
        if (e.get_error_string() != nullptr) reason += std::string(": ") + e.get_error_string();
        throw Error("cannot update the spelling dictionary: " + reason);
    }
}

Xapian::docid IndexWriter::add(const PreparedDocument& prepared) {
    try {
        return db_.replace_document(prepared.id_term, prepared.xdoc);
    } catch (const Xapian::Error& e) {
        throw Error("cannot add " + prepared.key + " to " + db_path_ + ": " + e.get_msg());
    }
}

bool IndexWriter::remove(const std::string& key) {
    std::string id = id_term(key);
    try {
        if (!db_.term_exists(id)) return false;
        db_.delete_document(id);
        return true;
    } catch (const Xapian::Error& e) {
        throw Error("cannot remove " + key + " from " + db_path_ + ": " + reason_of(e));
    }
}

void IndexWriter::commit() {
    try {
        db_.commit();
    } catch (const Xapian::Error& e) {
        throw Error("cannot commit to database " + db_path_ + ": " + reason_of(e));
    }
}

std::map<std::string, IndexedEntry> IndexWriter::indexed_files() const {
    // Walk the two value streams side by side: far cheaper than loading
    // every document when the index holds 100,000 of them.
    std::map<std::string, IndexedEntry> out;
    try {
        auto sig = db_.valuestream_begin(schema::kSlotSignature);
        auto sig_end = db_.valuestream_end(schema::kSlotSignature);
        for (auto it = db_.valuestream_begin(schema::kSlotPath);
             it != db_.valuestream_end(schema::kSlotPath); ++it) {
            IndexedEntry entry;
            entry.docid = it.get_docid();
            if (sig != sig_end && sig.get_docid() < entry.docid) sig.skip_to(entry.docid);
            if (sig != sig_end && sig.get_docid() == entry.docid) entry.signature = *sig;
            out.emplace(*it, std::move(entry));
        }
    } catch (const Xapian::Error& e) {
        throw Error("cannot list the files indexed in " + db_path_ + ": " + reason_of(e));
    }
    return out;
}

Xapian::doccount IndexWriter::doc_count() const {
    try {
        return db_.get_doccount();
    } catch (const Xapian::Error& e) {
        throw Error("cannot count the documents of " + db_path_ + ": " + reason_of(e));
    }
}

}  // namespace dossier
