// libFuzzer target: PDF extraction with poppler.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dossier/error.h"
#include "dossier/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        dossier::extract_pdf(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const dossier::Error&) {
        // Corrupt, encrypted and text-less PDFs are reported, not crashes.
    }
    return 0;
}
