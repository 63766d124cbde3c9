#include "compress.h"

#include <algorithm>
#include <string>

#include <zlib.h>

#include "dossier/error.h"

namespace dossier {

namespace {

// zlib counts in uInt; feed large inputs in slices so nothing truncates.
constexpr std::size_t kMaxChunk = std::size_t(1) << 30;
constexpr std::size_t kOutChunk = std::size_t(64) << 10;

unsigned char* as_bytes(const char* p) {
    // zlib's next_in is not const-qualified but is never written through.
    return reinterpret_cast<unsigned char*>(const_cast<char*>(p));
}

std::string zlib_message(const z_stream& stream, int rc) {
    if (stream.msg != nullptr) return stream.msg;
    return "zlib error " + std::to_string(rc);
}

// Inflates one stream whose format is chosen by window_bits. With gzip
// framing, members that follow the first are inflated too and joined.
std::string inflate_all(std::string_view input, int window_bits,
                        std::size_t max_bytes, const char* what) {
    z_stream stream{};
    if (inflateInit2(&stream, window_bits) != Z_OK) {
        throw Error(std::string("cannot start inflating ") + what);
    }
    struct Guard {
        z_stream* s;
        ~Guard() { inflateEnd(s); }
    } guard{&stream};

    const bool gzip = window_bits > MAX_WBITS;
    std::string out;
    std::size_t pos = 0;
    bool ended = false;
    char buffer[kOutChunk];
    for (;;) {
        if (stream.avail_in == 0 && pos < input.size()) {
            std::size_t n = std::min(kMaxChunk, input.size() - pos);
            stream.next_in = as_bytes(input.data() + pos);
            stream.avail_in = static_cast<uInt>(n);
            pos += n;
        }
        stream.next_out = reinterpret_cast<unsigned char*>(buffer);
        stream.avail_out = sizeof buffer;
        int rc = inflate(&stream, Z_NO_FLUSH);
        std::size_t produced = sizeof buffer - stream.avail_out;
        if (out.size() + produced > max_bytes) {
            throw Error(std::string(what) + " inflates past " +
                        std::to_string(max_bytes) + " bytes");
        }
        out.append(buffer, produced);
        if (rc == Z_STREAM_END) {
            std::size_t offset = pos - stream.avail_in;
            std::string_view rest = input.substr(offset);
            if (!gzip && !rest.empty()) {
                throw Error(std::string("trailing bytes after ") + what);
            }
            // Another gzip member may follow (`cat a.gz b.gz` makes these,
            // and gzip -d joins them); anything else after a member is
            // padding that gzip ignores too.
            if (!gzip || !is_gzip(rest)) {
                ended = true;
                break;
            }
            if (inflateReset(&stream) != Z_OK) {
                throw Error(std::string("cannot restart inflating ") + what);
            }
            continue;
        }
        if (rc == Z_BUF_ERROR) {
            // No progress without more input; refill or give up as truncated.
            if (stream.avail_in == 0 && pos < input.size()) continue;
            break;
        }
        if (rc != Z_OK) {
            throw Error(std::string("corrupt ") + what + ": " +
                        zlib_message(stream, rc));
        }
        if (stream.avail_in == 0 && pos >= input.size() &&
            stream.avail_out != 0) {
            break;
        }
    }
    if (!ended) throw Error(std::string("truncated ") + what);
    return out;
}

}  // namespace

std::string compress(std::string_view bytes) {
    z_stream stream{};
    if (deflateInit(&stream, Z_DEFAULT_COMPRESSION) != Z_OK) {
        throw Error("cannot start zlib compression");
    }
    struct Guard {
        z_stream* s;
        ~Guard() { deflateEnd(s); }
    } guard{&stream};

    std::string out;
    std::size_t pos = 0;
    char buffer[kOutChunk];
    int rc = Z_OK;
    do {
        if (stream.avail_in == 0 && pos < bytes.size()) {
            std::size_t n = std::min(kMaxChunk, bytes.size() - pos);
            stream.next_in = as_bytes(bytes.data() + pos);
            stream.avail_in = static_cast<uInt>(n);
            pos += n;
        }
        int flush = pos >= bytes.size() ? Z_FINISH : Z_NO_FLUSH;
        stream.next_out = reinterpret_cast<unsigned char*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = deflate(&stream, flush);
        if (rc == Z_STREAM_ERROR) {
            throw Error("zlib compression failed: " + zlib_message(stream, rc));
        }
        out.append(buffer, sizeof buffer - stream.avail_out);
    } while (rc != Z_STREAM_END);
    return out;
}

std::string compress_block(std::string_view bytes) {
    // One stream per thread, reset between blocks: a fresh deflateInit per
    // block of a few KB would cost more than compressing it. A smaller hash
    // (memLevel 6) is as good on such blocks and quicker to reset.
    struct Stream {
        z_stream z{};
        bool ready = false;
        ~Stream() {
            if (ready) deflateEnd(&z);
        }
    };
    thread_local Stream stream;
    if (!stream.ready) {
        if (deflateInit2(&stream.z, kBlockLevel, Z_DEFLATED, MAX_WBITS, 6, Z_DEFAULT_STRATEGY) != Z_OK)
            throw Error("cannot start zlib compression");
        stream.ready = true;
    } else if (deflateReset(&stream.z) != Z_OK) {
        throw Error("cannot restart zlib compression");
    }
    z_stream& z = stream.z;
    std::string out;
    out.resize(deflateBound(&z, static_cast<uLong>(bytes.size())));
    z.next_in = as_bytes(bytes.data());
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<unsigned char*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    if (rc != Z_STREAM_END) throw Error("zlib compression failed: " + zlib_message(z, rc));
    out.resize(out.size() - z.avail_out);
    return out;
}

std::string decompress(std::string_view compressed) {
    return inflate_all(compressed, MAX_WBITS, std::string().max_size(),
                       "compressed text");
}

bool is_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view bytes, std::size_t max_bytes) {
    return inflate_all(bytes, 16 + MAX_WBITS, max_bytes, "gzip data");
}

}  // namespace dossier
