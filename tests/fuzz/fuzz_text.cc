// libFuzzer target: plain-text extraction (header lines, front matter).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dossier/error.h"
#include "dossier/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        dossier::extract_text(bytes);
    } catch (const dossier::Error&) {
        // A malformed front matter is reported, not a crash.
    }
    return 0;
}
