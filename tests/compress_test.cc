#include "compress.h"

#include <string>

#include <catch2/catch.hpp>

#include "dossier/error.h"

using dossier::Error;

namespace {

std::string bytes(const char* data, std::size_t size) {
    return std::string(data, size);
}

// "hello " and "world\n", each gzip-compressed as its own member.
const std::string kHello = bytes(
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xcb\x48\xcd\xc9\xc9\x57\x00\x00"
    "\xf6\xf9\x81\xed\x06\x00\x00\x00",
    26);
const std::string kWorld = bytes(
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x2b\xcf\x2f\xca\x49\xe1\x02\x00"
    "\xa8\x61\x38\xdd\x06\x00\x00\x00",
    26);

// 100000 bytes of 'a' in 133 bytes of gzip: a small gzip bomb.
std::string hundred_thousand_as() {
    std::string gz(
        "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xed\xc1\x31\x01\x00\x00\x00"
        "\xc2\xa0\xac\xeb\x5f\xc2\x1a\x1e\x40\x01",
        27);
    gz.append(96, '\0');
    gz += bytes("\xaf\x06\x87\xfa\xe2\x1b\xa0\x86\x01\x00", 10);
    return gz;
}

}  // namespace

TEST_CASE("compress round-trips bytes exactly", "[compress]") {
    std::string binary;
    for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
    std::string large;
    for (int i = 0; i < 200000; ++i)
        large += static_cast<char>((i * 7919) % 251);

    const std::string cases[] = {
        "",
        "a",
        "People\xE2\x80\x99s Republic\r\nline two\n",
        std::string("with\0nul\0bytes", 14),
        binary,
        std::string(1 << 20, 'x'),
        large,
    };
    for (const std::string& original : cases) {
        CAPTURE(original.size());
        std::string packed = dossier::compress(original);
        CHECK(dossier::decompress(packed) == original);
    }
}

TEST_CASE("compress shrinks repetitive text", "[compress]") {
    std::string text(100000, 'z');
    CHECK(dossier::compress(text).size() < 1000);
}

TEST_CASE("decompress rejects truncated input", "[compress]") {
    std::string packed = dossier::compress(std::string(5000, 'q') + "end");
    for (std::size_t cut :
         {std::size_t(1), std::size_t(4), packed.size() / 2}) {
        CAPTURE(cut);
        CHECK_THROWS_AS(
            dossier::decompress(packed.substr(0, packed.size() - cut)), Error);
    }
    CHECK_THROWS_AS(dossier::decompress(""), Error);
}

TEST_CASE("decompress rejects corrupt input", "[compress]") {
    CHECK_THROWS_AS(dossier::decompress("not zlib at all"), Error);
    std::string packed = dossier::compress("some text to damage, long enough");
    packed[packed.size() / 2] =
        static_cast<char>(packed[packed.size() / 2] ^ 0x55);
    CHECK_THROWS_AS(dossier::decompress(packed), Error);
}

TEST_CASE("is_gzip looks at the magic number only", "[compress]") {
    CHECK(dossier::is_gzip(kHello));
    CHECK(dossier::is_gzip("\x1f\x8b"));
    CHECK_FALSE(dossier::is_gzip("\x1f"));
    CHECK_FALSE(dossier::is_gzip(""));
    CHECK_FALSE(dossier::is_gzip("plain text"));
    CHECK_FALSE(dossier::is_gzip(dossier::compress("zlib, not gzip")));
}

TEST_CASE("gunzip inflates one member", "[compress]") {
    CHECK(dossier::gunzip(kHello) == "hello ");
}

TEST_CASE("gunzip joins concatenated members", "[compress]") {
    CHECK(dossier::gunzip(kHello + kWorld) == "hello world\n");
    CHECK(dossier::gunzip(kHello + kWorld + kHello) == "hello world\nhello ");
}

TEST_CASE("gunzip ignores zero padding after the last member", "[compress]") {
    CHECK(dossier::gunzip(kHello + std::string(16, '\0')) == "hello ");
}

TEST_CASE("gunzip refuses output past the limit", "[compress]") {
    const std::string bomb = hundred_thousand_as();
    CHECK(dossier::gunzip(bomb) == std::string(100000, 'a'));
    CHECK(dossier::gunzip(bomb, 100000).size() == 100000);
    CHECK_THROWS_WITH(dossier::gunzip(bomb, 99999),
                      Catch::Contains("inflates past 99999 bytes"));
    CHECK_THROWS_AS(dossier::gunzip(bomb, 1000), Error);
}

TEST_CASE("gunzip rejects truncated gzip data", "[compress]") {
    for (std::size_t keep : {std::size_t(2), std::size_t(10), std::size_t(20),
                             kHello.size() - 1}) {
        CAPTURE(keep);
        CHECK_THROWS_AS(dossier::gunzip(kHello.substr(0, keep)), Error);
    }
    CHECK_THROWS_WITH(dossier::gunzip(kHello.substr(0, 20)),
                      Catch::Contains("truncated gzip data"));
    // A complete member followed by a broken one is still broken.
    CHECK_THROWS_AS(dossier::gunzip(kHello + kWorld.substr(0, 15)), Error);
}

TEST_CASE("gunzip rejects a damaged checksum", "[compress]") {
    std::string damaged = kHello;
    damaged[damaged.size() - 6] =
        static_cast<char>(damaged[damaged.size() - 6] ^ 1);
    CHECK_THROWS_AS(dossier::gunzip(damaged), Error);
}
