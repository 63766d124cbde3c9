// libFuzzer target: PDF extraction with poppler.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dossier/error.h"
#include "dossier/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        // Without OCR: a page without text would take Tesseract a second or
        // more, leaving the fuzzer a handful of inputs for its time; what is
        // fuzzed here is poppler's reading of hostile bytes.
        dossier::OcrOptions no_ocr;
        no_ocr.enabled = false;
        dossier::extract_pdf(std::string_view(reinterpret_cast<const char*>(data), size), no_ocr);
    } catch (const dossier::Error&) {
        // Corrupt, encrypted and text-less PDFs are reported, not crashes.
    }
    return 0;
}
