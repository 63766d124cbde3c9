// libFuzzer target: gzip input and zlib-stored text, both inflated from
// untrusted bytes; the round trip of compress() must be exact.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compress.h"
#include "dossier/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        // A small limit keeps bombs from exhausting the fuzzer's memory.
        dossier::gunzip(bytes, std::size_t(1) << 20);
    } catch (const dossier::Error&) {
    }
    try {
        dossier::decompress(bytes);
    } catch (const dossier::Error&) {
    }
    if (dossier::decompress(dossier::compress(bytes)) != bytes) std::abort();
    return 0;
}
