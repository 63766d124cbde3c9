// OCR with Tesseract's C++ API: one engine per thread (an engine is not
// thread-safe and takes a fraction of a second to load its trained data),
// and the run's shared cache and counts.

#include "dossier/ocr.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include <dlfcn.h>

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include "dossier/error.h"

namespace dossier {

namespace {

// Words Tesseract gives a lower confidence (0-100) are mostly specks,
// rules and drawings read as letters.
constexpr float kMinWordConfidence = 45;

// Tesseract prints its warnings; the library must not.
const std::vector<std::string> kQuietNames = {"debug_file"};
const std::vector<std::string> kQuietValues = {"/dev/null"};

struct EngineDeleter {
    void operator()(tesseract::TessBaseAPI* api) const {
        api->End();
        delete api;
    }
};
using Engine = std::unique_ptr<tesseract::TessBaseAPI, EngineDeleter>;

/// A started engine for languages, or null when Tesseract cannot start.
Engine start_engine(const std::string& languages) {
    Engine api(new tesseract::TessBaseAPI());
    if (api->Init(nullptr, languages.c_str(), tesseract::OEM_LSTM_ONLY, nullptr, 0, &kQuietNames,
                  &kQuietValues, false) != 0)
        return nullptr;
    api->SetPageSegMode(tesseract::PSM_AUTO);
    return api;
}

/// This thread's engine for languages (started on first use).
tesseract::TessBaseAPI* thread_engine(const std::string& languages) {
    thread_local std::map<std::string, Engine> engines;
    auto found = engines.find(languages);
    if (found == engines.end()) found = engines.emplace(languages, start_engine(languages)).first;
    return found->second.get();
}

// Tesseract runs its network on OpenMP threads (up to four a page), while
// the indexer already reads one page on each of its workers: on two cores
// that took 3.5 times the CPU time of one thread a page (bench/ocr_pages.py),
// spent spinning. OMP_THREAD_LIMIT is read once, before main(); instead the
// calling thread's parallel regions are made inactive, which OpenMP allows
// per thread (max-active-levels 0). The function is looked up in the
// OpenMP runtime Tesseract loaded, whichever compiler built Dossier.
void keep_tesseract_on_this_thread() {
    thread_local bool done = false;
    if (done) return;
    done = true;
    using SetLevels = void (*)(int);
    if (auto set_levels = reinterpret_cast<SetLevels>(::dlsym(RTLD_DEFAULT, "omp_set_max_active_levels")))
        set_levels(0);
}

// Tesseract's cancel callback: the run's cancel flag (may be null).
bool cancelled(void* data, int /*words*/) {
    const auto* flag = static_cast<const std::atomic<bool>*>(data);
    return flag != nullptr && flag->load();
}

std::string take_text(char* text) {
    std::string out = text ? text : "";
    delete[] text;
    return out;
}

}  // namespace

void OcrSession::preload(std::string key, std::string text) {
    std::lock_guard<std::mutex> lock(mutex_);
    texts_.emplace(std::move(key), std::move(text));
}

std::optional<std::string> OcrSession::find(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = texts_.find(key);
    if (found == texts_.end()) return std::nullopt;
    return found->second;
}

void OcrSession::store(const std::string& key, std::string text) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (texts_.emplace(key, std::move(text)).second) fresh_.push_back(key);
}

std::vector<std::pair<std::string, std::string>> OcrSession::fresh() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(fresh_.size());
    for (const auto& key : fresh_) out.emplace_back(key, texts_.at(key));
    return out;
}

void OcrSession::count_read(double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_.pages;
    counts_.seconds += seconds;
}

void OcrSession::count_cached() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_.cached;
}

void OcrSession::fail(OcrPageFailure failure) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_.failed;
    failures_.push_back(std::move(failure));
}

OcrCounts OcrSession::counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
}

std::vector<OcrPageFailure> OcrSession::failures() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failures_;
}

std::string ocr_languages() {
    static const std::string languages = [] {
        Engine api = start_engine("eng");
        if (!api) return std::string();
        std::vector<std::string> installed;
        api->GetAvailableLanguagesAsVector(&installed);
        std::string joined = "eng";
        for (const char* extra : kOcrExtraLanguages)
            if (std::find(installed.begin(), installed.end(), extra) != installed.end())
                joined += std::string("+") + extra;
        return joined;
    }();
    return languages;
}

std::string ocr_image(const std::vector<unsigned char>& pixels, int width, int height,
                      const OcrOptions& options) {
    const std::string languages = options.languages.empty() ? ocr_languages() : options.languages;
    if (languages.empty())
        throw Error("OCR unavailable: Tesseract has no English trained data (tesseract-ocr-eng)");
    if (width <= 0 || height <= 0 ||
        pixels.size() < static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
        throw Error("OCR given an image of the wrong size");
    tesseract::TessBaseAPI* api = thread_engine(languages);
    if (api == nullptr)
        throw Error("OCR unavailable: Tesseract cannot load the trained data of " + languages);

    keep_tesseract_on_this_thread();
    api->SetImage(pixels.data(), width, height, 1, width);
    api->SetSourceResolution(static_cast<int>(options.dpi));
    tesseract::ETEXT_DESC monitor;
    monitor.cancel = cancelled;
    monitor.cancel_this = const_cast<std::atomic<bool>*>(options.cancel);
    monitor.set_deadline_msecs(static_cast<int32_t>(
        std::min(options.page_seconds * 1000.0, 2147483647.0)));
    const int status = api->Recognize(&monitor);
    // Whatever happened, the engine must not keep the image (the caller
    // frees it) nor its results for the next page.
    struct Clear {
        tesseract::TessBaseAPI* api;
        ~Clear() { api->Clear(); }
    } clear{api};
    if (options.cancel != nullptr && options.cancel->load()) throw Error("OCR interrupted");
    if (monitor.deadline_exceeded()) {
        char limit[32];
        std::snprintf(limit, sizeof limit, "%g", options.page_seconds);
        throw Error(std::string("OCR took longer than the limit of ") + limit + " s");
    }
    if (status != 0) throw Error("Tesseract failed to recognise the page");

    // Lines of confident words, a blank line between blocks, as a text
    // layer gives them to the PDF repairs (hyphenation, running lines).
    // Tesseract's paragraphs are not used: it starts one at most short
    // lines, which would split "secu-" from "rity".
    std::string text;
    std::string line;
    auto end_line = [&] {
        if (!line.empty()) text += line + "\n";
        line.clear();
    };
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (it) {
        do {
            if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) end_line();
            if (it->IsAtBeginningOf(tesseract::RIL_BLOCK) && !text.empty() &&
                !(text.size() >= 2 && text.compare(text.size() - 2, 2, "\n\n") == 0))
                text += "\n";
            std::string word = take_text(it->GetUTF8Text(tesseract::RIL_WORD));
            if (word.empty() || it->Confidence(tesseract::RIL_WORD) < kMinWordConfidence) continue;
            if (!line.empty()) line += ' ';
            line += word;
        } while (it->Next(tesseract::RIL_WORD));
    }
    end_line();
    return text;
}

}  // namespace dossier
