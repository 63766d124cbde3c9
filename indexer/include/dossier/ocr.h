#pragma once
/// @file ocr.h
/// Reading PDF pages that have no text layer (scans) with Tesseract: the
/// settings, and the state the files of one run share (a cache of page
/// texts by content hash, counts, and the pages that could not be read).

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dossier/export.h"

namespace dossier {

/// A page that OCR could not read (its file is indexed all the same, with
/// the pages that could be read).
struct OcrPageFailure {
    std::string file;    ///< The PDF (OcrOptions::file).
    int page = 0;        ///< Page number, counting from 1.
    std::string reason;  ///< One line saying why.
};

/// Counts of the OCR work of a run.
struct OcrCounts {
    std::uint64_t pages = 0;   ///< Pages read by Tesseract.
    std::uint64_t cached = 0;  ///< Pages whose text came from the cache.
    std::uint64_t failed = 0;  ///< Pages that could not be read.
    double seconds = 0;        ///< Time of the pages read (summed over threads).
};

/// What the OCR of the files of one run shares: the page texts already
/// known (by key: the languages and a hash of the rendered page), the
/// counts and the pages that could not be read. Thread-safe: the workers of
/// a run use one OcrSession together.
class DOSSIER_EXPORT OcrSession {
  public:
    /// Makes the text of a page known without counting it as new (texts
    /// read from the database at the start of a run).
    void preload(std::string key, std::string text);

    /// The text of the page with this key, if known.
    std::optional<std::string> find(const std::string& key) const;

    /// Records the text OCR read for a page, to be saved (fresh()).
    void store(const std::string& key, std::string text);

    /// The texts store() recorded, in the order they came, to be saved.
    std::vector<std::pair<std::string, std::string>> fresh() const;

    /// Counts one page read by OCR in seconds.
    void count_read(double seconds);

    /// Counts one page whose text came from the cache.
    void count_cached();

    /// Records a page that could not be read.
    void fail(OcrPageFailure failure);

    /// The counts so far.
    OcrCounts counts() const;

    /// The pages that could not be read, in the order they failed.
    std::vector<OcrPageFailure> failures() const;

  private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::string> texts_;
    std::vector<std::string> fresh_;
    OcrCounts counts_;
    std::vector<OcrPageFailure> failures_;
};

/// How PDF pages without a text layer are read.
struct OcrOptions {
    /// Read pages without text with OCR; false keeps such pages empty (a
    /// PDF with no text at all is then "no text layer (scanned PDF; a
    /// candidate for OCR)").
    bool enabled = true;
    /// Resolution, in dots per inch, at which a page is rendered for OCR.
    unsigned dpi = 300;
    /// Time limit of the OCR of one page, in seconds; a page that takes
    /// longer is reported as not read.
    double page_seconds = 120;
    /// Pages larger than this many pixels at dpi are refused (a poster or
    /// a map would take minutes and hundreds of MiB); A4 at 300 dpi is
    /// 8.7 million.
    std::uint64_t max_pixels = 40000000;
    /// Tesseract languages joined by '+' ("eng+fra"); empty: English and
    /// the languages of kOcrExtraLanguages that are installed
    /// (ocr_languages()).
    std::string languages;
    /// Name of the file given to OcrPageFailure (extract_file() sets it).
    std::string file;
    /// Cache, counts and failures; null: none kept. Not owned.
    OcrSession* session = nullptr;
    /// When not null and set, OCR stops and the file fails ("interrupted").
    /// Not owned.
    const std::atomic<bool>* cancel = nullptr;
};

/// Tesseract languages read besides English when their trained data is
/// installed (Debian packages tesseract-ocr-fra, ...): each one slows OCR
/// down, so the list is short.
inline constexpr const char* kOcrExtraLanguages[] = {"fra", "deu", "spa", "rus"};

/// The languages OCR uses by default: "eng" followed by the installed ones
/// of kOcrExtraLanguages, joined by '+'; "" when Tesseract has no English
/// trained data (OCR is then unavailable). Looked up once per process.
DOSSIER_EXPORT std::string ocr_languages();

/// Reads the text of a grey image (one byte per pixel, rows of width
/// bytes, top to bottom) with Tesseract in options.languages at
/// options.dpi: lines of words, a blank line between blocks of text, words
/// Tesseract is not confident of left out. Throws dossier::Error when Tesseract cannot start, fails,
/// or runs past options.page_seconds or options.cancel.
DOSSIER_EXPORT std::string ocr_image(const std::vector<unsigned char>& pixels, int width,
                                     int height, const OcrOptions& options);

}  // namespace dossier
