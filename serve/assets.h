#pragma once
// The page's files (serve/assets/), compiled into dossier-serve by
// embed_assets.cmake: the server reads no file at run time.

#include <cstddef>

namespace dossier {

/// One embedded file.
struct Asset {
    const char* name;            ///< File name under serve/assets/, e.g. "app.js".
    const unsigned char* data;   ///< Its bytes.
    std::size_t size;            ///< Number of bytes.
};

/// Every embedded file.
extern const Asset kAssets[];
/// Number of entries of kAssets.
extern const std::size_t kAssetCount;

}  // namespace dossier
