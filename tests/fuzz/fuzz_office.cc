// libFuzzer target: the ZIP and XML formats (DOCX, ODT, EPUB), which may
// refuse an input only with a dossier::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dossier/error.h"
#include "dossier/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (auto extract : {dossier::extract_docx, dossier::extract_odt, dossier::extract_epub}) {
        try {
            extract(bytes);
        } catch (const dossier::Error&) {
            // A clear refusal is the expected answer to a broken file.
        }
    }
    return 0;
}
