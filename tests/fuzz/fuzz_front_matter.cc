// libFuzzer target: front matter splitting and YAML parsing, and plain-text
// header lines.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dossier/error.h"
#include "metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        if (auto fm = dossier::split_front_matter(bytes)) {
            dossier::Metadata meta;
            dossier::parse_front_matter(fm->yaml, meta);
        }
    } catch (const dossier::Error&) {
    }
    try {
        dossier::Metadata meta;
        dossier::parse_front_matter(bytes, meta);
    } catch (const dossier::Error&) {
    }
    dossier::Metadata meta;
    if (dossier::parse_header_lines(bytes, meta) > bytes.size()) std::abort();
    dossier::split_list(bytes);
    dossier::normalise_type(bytes);
    return 0;
}
