#pragma once
/// @file compress.h
/// zlib compression of stored text, and reading gzip-compressed input.

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier {

/// Largest text Dossier extracts from one file: 256 MiB. Larger inputs, and
/// gzip streams that inflate past it, are refused (a guard against gzip bombs).
inline constexpr std::size_t kMaxExtractedBytes = std::size_t(256) << 20;

/// Compresses bytes with zlib (RFC 1950) at the default level.
/// Throws dossier::Error if zlib fails (out of memory).
std::string compress(std::string_view bytes);

/// Compresses one block of stored text (at most a few MB: the caller cuts
/// text into blocks) with zlib (RFC 1950) at kBlockLevel, reusing one
/// stream per thread. decompress() reads it back. Throws dossier::Error if
/// zlib fails.
std::string compress_block(std::string_view bytes);

/// zlib level of compress_block(): blocks are read one at a time, so a
/// quicker level costs little space and saves indexing time. On press
/// briefings cut into 4 KB blocks, level 4 takes 29 % less CPU than level 6
/// for 1.8 % more compressed text (bench/RESULTS.md, fourth round); level 3
/// takes 0.6 M fewer instructions a briefing than level 4 (12 % of the
/// compression, 1 % of indexing) for 2.6 % more compressed text, 0.7 %
/// more database.
inline constexpr int kBlockLevel = 3;

/// Inverse of compress(): returns exactly the bytes that were compressed.
/// Throws dossier::Error on corrupt or truncated input.
std::string decompress(std::string_view compressed);

/// True when bytes start with the gzip magic number (1f 8b).
bool is_gzip(std::string_view bytes);

/// Inflates a gzip stream (RFC 1952; concatenated members are joined).
/// Throws dossier::Error on corrupt or truncated input, or when the output
/// would exceed max_bytes.
std::string gunzip(std::string_view bytes,
                   std::size_t max_bytes = kMaxExtractedBytes);

}  // namespace dossier
