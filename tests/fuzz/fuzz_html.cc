// libFuzzer target: HTML extraction, which never throws.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dossier/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dossier::extract_html(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
