#include "language_detect.h"

#include <memory>
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
constexpr std::size_t kMinLetters = 150;
constexpr std::size_t kMinCjkChars = 20;
// A guess must beat English and the runner-up by this factor of distance
// (libexttextcat's own threshold is 1.03).
constexpr double kMargin = 1.03;

struct Candidate {
    const char* code;
    const char* file;
};

const Candidate kCandidates[] = {
    {"en", "en.lm"}, {"fr", "fr.lm"}, {"de", "de.lm"}, {"es", "es.lm"},
    {"ru", "ru.lm"}, {"it", "it.lm"}, {"pt", "pt.lm"}, {"nl", "nl.lm"},
};

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

bool is_letter(char32_t ch) {
    if (ch < 0x80) return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    return ch >= 0xC0 && ch != 0xD7 && ch != 0xF7 && !(ch >= 0x2000 && ch <= 0x303F) && ch != 0xFEFF;
}

}  // namespace

std::string detect_language(std::string_view text) {
    std::string_view sample = cut_utf8(text, kMaxSampleBytes);
    std::size_t letters = 0, han = 0, kana = 0, hangul = 0;
    std::size_t pos = 0;
    while (pos < sample.size()) {
        char32_t ch = next_char(sample, pos);
        if (!is_letter(ch)) continue;
        ++letters;
        if ((ch >= 0x4E00 && ch <= 0x9FFF) || (ch >= 0x3400 && ch <= 0x4DBF)) ++han;
        else if (ch >= 0x3040 && ch <= 0x30FF) ++kana;
        else if ((ch >= 0xAC00 && ch <= 0xD7AF) || (ch >= 0x1100 && ch <= 0x11FF)) ++hangul;
    }
    const std::size_t cjk = han + kana + hangul;
    // A CJK character is a syllable or a word: far fewer are needed.
    if (cjk >= kMinCjkChars && cjk * 10 >= letters * 3) {
        if (hangul * 2 >= cjk) return "ko";
        if (kana * 10 >= cjk) return "ja";
        return "zh";
    }
    if (letters < kMinLetters) return std::string();
    std::vector<long> distance = Fingerprints::get().distances(sample);
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
