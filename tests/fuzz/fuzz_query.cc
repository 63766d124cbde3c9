// libFuzzer target: query building from untrusted text, with a small
// in-memory database for wildcard expansion.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <xapian.h>

#include "dossier/error.h"
#include "dossier/query.h"
#include "dossier/schema.h"

namespace {

const Xapian::Database& database() {
    static Xapian::WritableDatabase db = [] {
        Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
        Xapian::TermGenerator gen;
        gen.set_stemmer(Xapian::Stem(dossier::schema::kStemLanguage));
        for (const char* text : {"China and North Korea", "security alliance maritime",
                                 "sanctions secure securing"}) {
            Xapian::Document doc;
            gen.set_document(doc);
            gen.index_text(text);
            w.add_document(doc);
        }
        return w;
    }();
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool any : {false, true}) {
        dossier::QueryOptions options;
        options.any = any;
        dossier::QueryBuilder builder(database(), options);
        try {
            dossier::ParsedQuery parsed = builder.build(text);
            (void)parsed.query.get_description();
            Xapian::Enquire enquire(database());
            enquire.set_query(parsed.query);
            try {
                (void)enquire.get_mset(0, 10);
            } catch (const Xapian::Error&) {
                // Expansion limits are reported by the Searcher.
            }
        } catch (const dossier::Error&) {
            // A malformed query is an error message, not a crash.
        }
    }
    return 0;
}
