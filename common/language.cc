#include "language.h"

#include <algorithm>

#include "dossier/schema.h"
#include "text.h"

namespace dossier {

namespace {

// Every language has a stemmer of Xapian 1.4 except Chinese, Japanese and
// Korean, which are indexed as character n-grams instead.
const std::vector<LanguageInfo> kLanguages = {
    {"en", "english", "english"},   {"fr", "french", "french"},
    {"de", "german", "german"},     {"es", "spanish", "spanish"},
    {"ru", "russian", "russian"},   {"it", "italian", "italian"},
    {"pt", "portuguese", "portuguese"}, {"nl", "dutch", "dutch"},
    {"zh", "chinese", ""},          {"ja", "japanese", ""},
    {"ko", "korean", ""},
};

// Other spellings of a language in metadata: ISO 639-2 codes and the
// languages' own names, folded.
const std::pair<const char*, const char*> kOtherNames[] = {
    {"eng", "en"},      {"fre", "fr"},       {"fra", "fr"},       {"francais", "fr"},
    {"ger", "de"},      {"deu", "de"},       {"deutsch", "de"},   {"spa", "es"},
    {"espanol", "es"},  {"castellano", "es"}, {"rus", "ru"},      {"русский", "ru"},
    {"ita", "it"},      {"italiano", "it"},  {"por", "pt"},       {"portugues", "pt"},
    {"dut", "nl"},      {"nld", "nl"},       {"nederlands", "nl"}, {"chi", "zh"},
    {"zho", "zh"},      {"中文", "zh"},      {"jpn", "ja"},       {"日本語", "ja"},
    {"kor", "ko"},      {"한국어", "ko"},
};

}  // namespace

const std::vector<LanguageInfo>& known_languages() { return kLanguages; }

const LanguageInfo* find_language(std::string_view code) {
    for (const auto& language : kLanguages)
        if (code == language.code) return &language;
    return nullptr;
}

std::string language_code(std::string_view given) {
    std::string folded = fold_filter_value(given);
    // "fr-FR", "en_US", "zh-Hans": the language is the part before the region.
    std::size_t cut = folded.find_first_of("-_");
    if (cut != std::string::npos) folded.resize(cut);
    for (const auto& language : kLanguages)
        if (folded == language.code || folded == language.name) return language.code;
    for (const auto& [name, code] : kOtherNames)
        if (folded == name) return code;
    return std::string();
}

Xapian::Stem stemmer_for(std::string_view code) {
    const LanguageInfo* language = find_language(code);
    if (language == nullptr) return Xapian::Stem(schema::kStemLanguage);
    if (*language->stemmer == '\0') return Xapian::Stem("none");
    return Xapian::Stem(language->stemmer);
}

std::vector<std::string> indexed_languages(const Xapian::Database& db) {
    std::vector<std::string> out;
    const std::string prefix(schema::kPrefixLanguage);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it)
        out.push_back((*it).substr(prefix.size()));
    return out;
}

}  // namespace dossier
