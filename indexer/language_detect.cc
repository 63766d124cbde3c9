#include "language_detect.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <mutex>
#include <vector>

#include <fingerprint.h>

#include "language.h"
#include "text.h"

namespace dossier {

namespace {

// Fingerprints live where libexttextcat's data package puts them; the
// build records the folder (DOSSIER_TEXTCAT_DIR).
#ifndef DOSSIER_TEXTCAT_DIR
#define DOSSIER_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

constexpr std::size_t kMaxSampleBytes = 16 * 1024;
// Letter n-gram fingerprints settle on a few KB of text; building one is the
// costly step (it was a tenth of all indexing CPU with the whole sample).
constexpr std::size_t kFingerprintBytes = 4 * 1024;
constexpr std::size_t kMinLetters = 150;
constexpr std::size_t kMinCjkChars = 20;
// A guess must beat English and the runner-up by this factor of distance
// (libexttextcat's own threshold is 1.03).
constexpr double kMargin = 1.03;

struct Candidate {
    const char* code;
    const char* file;
    /// Frequent function words of the language, space-separated, each of
    /// at most 8 bytes (FunctionWords packs them in 64 bits): a text
    /// whose English function words are as many as these is English with
    /// some foreign names or phrases, whatever its letter n-grams say.
    const char* function_words;
};

const Candidate kCandidates[] = {
    {"en", "en.lm", "the and of to in is that for with on are this was by it be as at from have"},
    {"fr", "fr.lm", "le la les des et est une que dans pour du au sur qui pas ce sont avec aux leur"},
    {"de", "de.lm", "der die das und ist nicht mit den von zu ein eine auf für sich dem des im wir auch"},
    {"es", "es.lm", "el la los las y que en un una por con para es del se al lo como más su"},
    {"ru", "ru.lm", "и в не на что с по как это к из о для от его мы же"},
    {"it", "it.lm", "il di che e la per un non sono della del gli con le nel alla una anche"},
    {"pt", "pt.lm", "o os de que e do da em um uma para com não dos das se na no ao"},
    {"nl", "nl.lm", "de het een en van is dat op te voor niet met zijn er aan ook als bij"},
};

constexpr std::size_t kCandidateCount = std::size(kCandidates);
using WordCounts = std::array<std::size_t, kCandidateCount>;

// A text whose English function words are at least this many times those
// of every other candidate is English, whatever its letter n-grams say
// (see detect_language): its fingerprint is not built.
constexpr std::size_t kPlainEnglishFactor = 2;

/// Every candidate's function words, each with the candidates whose list
/// holds it (bit i for kCandidates[i]), in a small hash table. A word is
/// kept as its bytes packed into an integer: no function word is longer
/// than kMaxWordBytes, and none holds a NUL (so none packs to 0, the mark
/// of an empty slot).
class FunctionWords {
  public:
    static constexpr std::size_t kMaxWordBytes = sizeof(std::uint64_t);

    static const FunctionWords& get() {
        static const FunctionWords instance;
        return instance;
    }

    /// The candidates whose function words hold the word packed in key.
    unsigned lookup(std::uint64_t key) const {
        for (std::size_t slot = slot_of(key);; slot = (slot + 1) % kSlots) {
            if (slots_[slot].first == key) return slots_[slot].second;
            if (slots_[slot].first == 0) return 0u;
        }
    }

  private:
    static constexpr unsigned kSlotBits = 9;
    static constexpr std::size_t kSlots = std::size_t(1) << kSlotBits;  // over three times the words

    static std::size_t slot_of(std::uint64_t key) {
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits));
    }

    FunctionWords() {
        for (std::size_t i = 0; i < kCandidateCount; ++i) {
            std::string_view list = kCandidates[i].function_words;
            for (std::size_t pos = 0; pos < list.size();) {
                std::size_t end = std::min(list.find(' ', pos), list.size());
                std::string_view word = list.substr(pos, end - pos);
                pos = end + 1;
                if (word.empty()) continue;
                std::uint64_t key = 0;
                for (char c : word) key = key << 8 | static_cast<unsigned char>(c);
                std::size_t slot = slot_of(key);
                while (slots_[slot].first != 0 && slots_[slot].first != key) slot = (slot + 1) % kSlots;
                slots_[slot].first = key;
                slots_[slot].second |= 1u << i;
            }
        }
    }

    std::array<std::pair<std::uint64_t, unsigned>, kSlots> slots_{};
};

/// What detect_language() counts in its sample, in one pass.
struct SampleCounts {
    std::size_t letters = 0, han = 0, kana = 0, hangul = 0;
    /// How many words are among each candidate's function words, in
    /// kCandidates order. A word is a run of ASCII letters (compared in
    /// lower case) and characters outside ASCII.
    WordCounts words{};
};

bool is_letter(char32_t ch) {
    if (ch < 0x80) return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    return ch >= 0xC0 && ch != 0xD7 && ch != 0xF7 && !(ch >= 0x2000 && ch <= 0x303F) && ch != 0xFEFF;
}

SampleCounts count_sample(std::string_view sample) {
    const FunctionWords& function_words = FunctionWords::get();
    SampleCounts counts;
    std::uint64_t key = 0;
    std::size_t length = 0;
    auto end_word = [&] {
        // A word longer than every function word is none of them.
        if (length > 0 && length <= FunctionWords::kMaxWordBytes) {
            unsigned mask = function_words.lookup(key);
            for (std::size_t i = 0; mask != 0; ++i, mask >>= 1) counts.words[i] += mask & 1u;
        }
        key = 0;
        length = 0;
    };
    std::size_t pos = 0;
    while (pos < sample.size()) {
        unsigned char byte = static_cast<unsigned char>(sample[pos]);
        if (byte < 0x80) {
            // ASCII, most of most texts, without decoding.
            if (byte >= 'A' && byte <= 'Z') byte = static_cast<unsigned char>(byte - 'A' + 'a');
            if (byte >= 'a' && byte <= 'z') {
                ++counts.letters;
                key = key << 8 | byte;
                ++length;
            } else {
                end_word();
            }
            ++pos;
            continue;
        }
        const std::size_t start = pos;
        const char32_t ch = next_char(sample, pos);
        for (std::size_t i = start; i < pos; ++i) key = key << 8 | static_cast<unsigned char>(sample[i]);
        length += pos - start;
        if (!is_letter(ch)) continue;
        ++counts.letters;
        if ((ch >= 0x4E00 && ch <= 0x9FFF) || (ch >= 0x3400 && ch <= 0x4DBF)) ++counts.han;
        else if (ch >= 0x3040 && ch <= 0x30FF) ++counts.kana;
        else if ((ch >= 0xAC00 && ch <= 0xD7AF) || (ch >= 0x1100 && ch <= 0x11FF)) ++counts.hangul;
    }
    end_word();
    return counts;
}

static_assert(kCandidateCount <= 8 * sizeof(unsigned), "one bit per candidate");

struct FingerprintDeleter {
    void operator()(void* fp) const { fp_Done(fp); }
};
using Fingerprint = std::unique_ptr<void, FingerprintDeleter>;

/// The candidates' fingerprints, read once; empty when the data is missing.
class Fingerprints {
  public:
    static Fingerprints& get() {
        static Fingerprints instance;
        return instance;
    }

    /// Distances of sample to each candidate, in kCandidates order; empty
    /// when unknown.
    std::vector<long> distances(std::string_view sample) {
        std::vector<long> out;
        if (loaded_.empty()) return out;
        Fingerprint unknown(fp_Init(nullptr));
        if (!unknown) return out;
        fp_SetProperty(unknown.get(), TCPROP_UTF8AWARE, TC_TRUE);
        if (fp_Create(unknown.get(), sample.data(), static_cast<uint4>(sample.size()), 400) == 0)
            return out;
        // libexttextcat does not say that its fingerprints may be shared
        // between threads: compare one text at a time.
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& fp : loaded_) out.push_back(fp_Compare(fp.get(), unknown.get(), 0x7fffffff));
        return out;
    }

  private:
    Fingerprints() {
        for (const auto& candidate : kCandidates) {
            Fingerprint fp(fp_Init(candidate.code));
            if (!fp) break;
            fp_SetProperty(fp.get(), TCPROP_UTF8AWARE, TC_TRUE);
            std::string path = std::string(DOSSIER_TEXTCAT_DIR) + "/" + candidate.file;
            if (fp_Read(fp.get(), path.c_str(), 400) == 0) break;
            loaded_.push_back(std::move(fp));
        }
        if (loaded_.size() != std::size(kCandidates)) loaded_.clear();
    }

    std::vector<Fingerprint> loaded_;
    std::mutex mutex_;
};

}  // namespace

std::string detect_language(std::string_view text) {
    std::string_view sample = cut_utf8(text, kMaxSampleBytes);
    const SampleCounts counts = count_sample(sample);
    const std::size_t cjk = counts.han + counts.kana + counts.hangul;
    // A CJK character is a syllable or a word: far fewer are needed.
    if (cjk >= kMinCjkChars && cjk * 10 >= counts.letters * 3) {
        if (counts.hangul * 2 >= cjk) return "ko";
        if (counts.kana * 10 >= cjk) return "ja";
        return "zh";
    }
    if (counts.letters < kMinLetters) return std::string();
    const WordCounts& words = counts.words;
    const bool plainly_english = words[0] > 0 && std::all_of(words.begin() + 1, words.end(), [&](std::size_t n) {
        return words[0] >= kPlainEnglishFactor * n;
    });
    if (plainly_english) return "en";
    std::vector<long> distance = Fingerprints::get().distances(cut_utf8(sample, kFingerprintBytes));
    if (distance.empty()) return std::string();
    std::size_t best = 0, second = 1;
    if (distance[second] < distance[best]) std::swap(best, second);
    for (std::size_t i = 2; i < distance.size(); ++i) {
        if (distance[i] < distance[best]) {
            second = best;
            best = i;
        } else if (distance[i] < distance[second]) {
            second = i;
        }
    }
    if (best == 0) return "en";
    // Unsure: English, the default, stays.
    if (static_cast<double>(distance[0]) <= static_cast<double>(distance[best]) * kMargin ||
        static_cast<double>(distance[second]) <= static_cast<double>(distance[best]) * kMargin)
        return std::string();
    // Letter n-grams can be swayed by a page of English about a Spanish
    // festival or a French summit: English function words settle it.
    if (words[0] >= words[best]) return std::string();
    return kCandidates[best].code;
}

void detect_document_language(Document& doc) {
    Metadata& meta = doc.meta;
    if (!meta.language.empty()) {
        std::string code = language_code(meta.language);
        if (!code.empty()) {
            meta.language = code;
            meta.language_source = "metadata";
            return;
        }
    }
    std::string code = detect_language(doc.text);
    if (!code.empty()) {
        meta.language = code;
        meta.language_source = "text";
    } else {
        meta.language = "en";
        meta.language_source = "default";
    }
}

}  // namespace dossier
