// PDF extraction with poppler's C++ API: text per page (read with OCR on
// pages without a text layer), the Info dictionary, and repair of what PDF
// text extraction and OCR break (hyphenation across lines, ligature
// characters, running headers and footers).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <zlib.h>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "dossier/ocr.h"
#include "metadata.h"
#include "text.h"

namespace dossier {

namespace {

// Fewer visible characters than this on all pages together: the PDF has no
// text layer worth indexing (scanned pages, or only drawings).
constexpr std::size_t kMinTextChars = 16;

// A page with fewer visible characters than this has no text layer worth
// reading: OCR reads it (a scan may carry a stray page number as text).
constexpr std::size_t kMinPageChars = 16;

// Share of pages on which a first or last line must repeat to be taken for a
// running header or footer.
constexpr double kRepeatShare = 0.6;

// poppler reports problems through one process-wide callback; the library
// must not print, so the callback counts them for the calling thread.
thread_local std::size_t tl_poppler_errors = 0;

void count_poppler_error(const std::string&, void*) { ++tl_poppler_errors; }

// poppler's global state is not documented as safe for concurrent use:
// extract one PDF at a time.
std::mutex& poppler_mutex() {
    static std::mutex m;
    return m;
}

std::string utf8(const poppler::ustring& text) {
    poppler::byte_array bytes = text.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

std::string replace_ligatures(std::string text) {
    static const std::pair<std::string_view, std::string_view> kLigatures[] = {
        {"\xEF\xAC\x80", "ff"}, {"\xEF\xAC\x81", "fi"},  {"\xEF\xAC\x82", "fl"},
        {"\xEF\xAC\x83", "ffi"}, {"\xEF\xAC\x84", "ffl"}, {"\xEF\xAC\x85", "st"},
        {"\xEF\xAC\x86", "st"},
    };
    if (text.find("\xEF\xAC") == std::string::npos) return text;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        bool replaced = false;
        if (text.compare(i, 2, "\xEF\xAC") == 0) {
            for (const auto& [from, to] : kLigatures) {
                if (text.compare(i, from.size(), from) == 0) {
                    out += to;
                    i += from.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += text[i++];
    }
    return out;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
        lines.push_back(std::move(line));
        pos = end + 1;
    }
    while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
    return lines;
}

// The form under which running headers are compared: page numbers and
// dates change from page to page, so digits are all alike.
std::string header_key(const std::string& line) {
    std::string key;
    bool digit = false;
    bool space = false;
    for (char c : trim(line)) {
        if (c >= '0' && c <= '9') {
            if (!digit) key += '#';
            digit = true;
            space = false;
            continue;
        }
        digit = false;
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !key.empty()) key += ' ';
        space = false;
        key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return key;
}

// "12", "- 12 -", "Page 3", "Page 3 of 10", "3/10": a page number alone.
bool is_page_number(const std::string& key) {
    static const char* const kForms[] = {"#", "- # -", "-#-", "page #", "page # of #", "# of #", "#/#", "# / #", "p. #"};
    for (const char* form : kForms)
        if (key == form) return true;
    return false;
}

/// Removes running headers and footers: a first or last line (two at
/// most at each end) that repeats on most pages, and page numbers alone
/// on a line at either end.
void remove_running_lines(std::vector<std::vector<std::string>>& pages) {
    const std::size_t n = pages.size();
    const std::size_t needed = std::max<std::size_t>(2, static_cast<std::size_t>(kRepeatShare * n + 0.999));
    // Index of the k-th non-empty line from the top (from_end false) or bottom.
    auto nth = [](const std::vector<std::string>& lines, std::size_t k, bool from_end) -> long {
        std::size_t seen = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::size_t idx = from_end ? lines.size() - 1 - i : i;
            if (trim(lines[idx]).empty()) continue;
            if (seen++ == k) return static_cast<long>(idx);
        }
        return -1;
    };
    for (bool from_end : {false, true}) {
        for (std::size_t k = 0; k < 2; ++k) {
            std::map<std::string, std::size_t> counts;
            std::vector<long> where(n, -1);
            for (std::size_t p = 0; p < n; ++p) {
                // Lines already removed at this end are blank now, so the
                // k-th line is the next one inwards.
                where[p] = nth(pages[p], 0, from_end);
                if (where[p] >= 0) ++counts[header_key(pages[p][static_cast<std::size_t>(where[p])])];
            }
            bool removed = false;
            for (std::size_t p = 0; p < n; ++p) {
                if (where[p] < 0) continue;
                std::string& line = pages[p][static_cast<std::size_t>(where[p])];
                std::string key = header_key(line);
                if (is_page_number(key) || (n >= 2 && counts[key] >= needed)) {
                    line.clear();
                    removed = true;
                }
            }
            if (!removed) break;
        }
    }
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// Joins words broken across lines: "secu-\nrity" -> "security" when the
/// second part starts in lower case; the hyphen stays ("self-\nreliance"
/// -> "self-reliance") when the document writes the word with a hyphen
/// elsewhere in document (all pages).
std::string repair_hyphenation(const std::string& text, const std::string& document) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t hyphen = text.find("-\n", i);
        if (hyphen == std::string::npos) {
            out.append(text, i, std::string::npos);
            break;
        }
        // The word part before the hyphen: at least two letters.
        std::size_t start = hyphen;
        while (start > 0 && (is_ascii_letter(text[start - 1]) || (static_cast<unsigned char>(text[start - 1]) >= 0x80)))
            --start;
        std::size_t next = hyphen + 2;
        while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
        std::size_t end = next;
        while (end < text.size() && is_ascii_letter(text[end])) ++end;
        bool breakable = hyphen - start >= 2 && next < text.size() && text[next] >= 'a' && text[next] <= 'z';
        if (!breakable) {
            out.append(text, i, hyphen + 2 - i);
            i = hyphen + 2;
            continue;
        }
        std::string head = text.substr(start, hyphen - start);
        std::string tail = text.substr(next, end - next);
        bool keep_hyphen = document.find(head + "-" + tail) != std::string::npos;
        out.append(text, i, hyphen - i);
        if (keep_hyphen) out += '-';
        out += tail;
        // The rest of the second line follows on the first.
        i = end;
    }
    return out;
}

std::size_t visible_chars(const std::string& text) {
    std::size_t visible = 0;
    for (char c : text) visible += (c != ' ' && c != '\t' && c != '\f' && c != '\n') ? 1 : 0;
    return visible;
}

// The cache key of a rendered page: the languages, the size and two
// independent hashes of the pixels (FNV-1a and CRC-32: 96 bits), so that
// the same page in another file, or the same file modified elsewhere, is
// found again.
std::string page_key(const std::vector<unsigned char>& pixels, int width, int height,
                     const std::string& languages) {
    std::uint64_t fnv = 14695981039346656037ULL;
    for (unsigned char c : pixels) {
        fnv ^= c;
        fnv *= 1099511628211ULL;
    }
    uLong crc = crc32(0L, Z_NULL, 0);
    for (std::size_t pos = 0; pos < pixels.size(); pos += 1u << 30) {
        const std::size_t n = std::min<std::size_t>(pixels.size() - pos, 1u << 30);
        crc = crc32(crc, pixels.data() + pos, static_cast<uInt>(n));
    }
    char hash[64];
    std::snprintf(hash, sizeof hash, "%dx%d:%016llx%08lx", width, height,
                  static_cast<unsigned long long>(fnv), static_cast<unsigned long>(crc));
    return languages + ":" + hash;
}

// A page rendered for OCR: grey pixels, one byte each, rows packed.
struct Bitmap {
    std::vector<unsigned char> pixels;
    int width = 0;
    int height = 0;
};

// Renders page i of pdf at options.dpi. Call with poppler_mutex() held.
// Throws dossier::Error when the page is too large or cannot be rendered.
Bitmap render_page(const poppler::document& pdf, int i, const OcrOptions& options) {
    std::unique_ptr<poppler::page> page(pdf.create_page(i));
    if (!page) throw Error("cannot render the page");
    const poppler::rectf box = page->page_rect(poppler::media_box);
    const double scale = options.dpi / 72.0;
    const double pixels = box.width() * scale * box.height() * scale;
    if (!(pixels <= static_cast<double>(options.max_pixels))) {
        char reason[160];
        std::snprintf(reason, sizeof reason,
                      "page too large for OCR (%.0f x %.0f mm: %.0f million pixels at %u dpi; the "
                      "limit is %.0f million)",
                      box.width() / 72 * 25.4, box.height() / 72 * 25.4, pixels / 1e6,
                      options.dpi, static_cast<double>(options.max_pixels) / 1e6);
        throw Error(reason);
    }
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hints(poppler::page_renderer::antialiasing |
                              poppler::page_renderer::text_antialiasing);
    poppler::image image = renderer.render_page(page.get(), options.dpi, options.dpi);
    if (!image.is_valid() || image.width() <= 0 || image.height() <= 0)
        throw Error("cannot render the page");
    Bitmap bitmap;
    bitmap.width = image.width();
    bitmap.height = image.height();
    bitmap.pixels.resize(static_cast<std::size_t>(bitmap.width) * static_cast<std::size_t>(bitmap.height));
    const char* data = image.const_data();
    for (int y = 0; y < bitmap.height; ++y)
        std::copy_n(data + static_cast<std::size_t>(y) * static_cast<std::size_t>(image.bytes_per_row()),
                    bitmap.width, bitmap.pixels.begin() + static_cast<std::ptrdiff_t>(y) * bitmap.width);
    return bitmap;
}

// The text of page i (counting from 0) read by OCR, from the cache when
// the session knows the rendered page. lock holds poppler_mutex(); it is
// released while Tesseract reads, so that other files go on meanwhile.
// Throws dossier::Error saying why the page cannot be read.
std::string ocr_page(const poppler::document& pdf, int i, std::unique_lock<std::mutex>& lock,
                     const OcrOptions& options) {
    if (options.cancel != nullptr && options.cancel->load()) throw Error("OCR interrupted");
    Bitmap bitmap = render_page(pdf, i, options);
    lock.unlock();
    struct Relock {
        std::unique_lock<std::mutex>& lock;
        ~Relock() { lock.lock(); }
    } relock{lock};
    const std::string languages = options.languages.empty() ? ocr_languages() : options.languages;
    const std::string key = page_key(bitmap.pixels, bitmap.width, bitmap.height, languages);
    if (options.session != nullptr) {
        if (std::optional<std::string> text = options.session->find(key)) {
            options.session->count_cached();
            return *text;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    std::string text = ocr_image(bitmap.pixels, bitmap.width, bitmap.height, options);
    if (options.session != nullptr) {
        options.session->count_read(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        options.session->store(key, text);
    }
    return text;
}

// D:YYYYMMDDHHmmSSOHH'mm' -> date (the precision given).
std::optional<Date> pdf_date(std::string raw) {
    raw = trim(raw);
    if (raw.rfind("D:", 0) == 0) raw.erase(0, 2);
    std::size_t digits = 0;
    while (digits < raw.size() && digits < 8 && raw[digits] >= '0' && raw[digits] <= '9') ++digits;
    if (digits < 4) return std::nullopt;
    std::string iso = raw.substr(0, 4);
    if (digits >= 6) iso += "-" + raw.substr(4, 2);
    if (digits >= 8) iso += "-" + raw.substr(6, 2);
    return Date::parse(iso);
}

}  // namespace

Document extract_pdf(std::string_view bytes) { return extract_pdf(bytes, OcrOptions()); }

Document extract_pdf(std::string_view bytes, const OcrOptions& ocr) {
    std::unique_lock<std::mutex> lock(poppler_mutex());
    static const bool quiet = [] {
        poppler::set_debug_error_function(count_poppler_error, nullptr);
        return true;
    }();
    (void)quiet;
    tl_poppler_errors = 0;

    // A PDF ends with %%EOF (perhaps followed by a line end); poppler would
    // rebuild a truncated file's cross-reference table and read what is
    // left, silently indexing part of it.
    std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
    if (bytes.substr(0, 5) != "%PDF-" || tail.find("%%EOF") == std::string_view::npos)
        throw Error("corrupt PDF (truncated or not a PDF)");

    // The document is closed under the lock, however extraction ends.
    struct CloseLocked {
        std::unique_lock<std::mutex>& lock;
        void operator()(poppler::document* pdf) const {
            if (!lock.owns_lock()) lock.lock();
            delete pdf;
        }
    };
    std::unique_ptr<poppler::document, CloseLocked> pdf(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())),
        CloseLocked{lock});
    if (!pdf) {
        // poppler does not say why it refused; an encryption dictionary
        // without the password is the usual reason besides corruption.
        if (bytes.find("/Encrypt") != std::string_view::npos) throw Error("encrypted PDF");
        throw Error("corrupt PDF");
    }
    if (pdf->is_locked()) throw Error("encrypted PDF");

    Document doc;
    doc.format = "pdf";
    doc.meta.title = trim(utf8(pdf->info_key("Title")));
    if (!doc.meta.title.empty()) doc.meta.title_source = "pdf-info";
    std::string author = trim(utf8(pdf->info_key("Author")));
    if (!author.empty()) doc.meta.authors = split_list(author);
    std::string created = utf8(pdf->info_key("CreationDate"));
    if (std::optional<Date> date = pdf_date(created)) {
        doc.meta.date = *date;
        doc.meta.date_source = "pdf-info";
        doc.meta.date_evidence = "PDF Info CreationDate " + trim(created);
    }

    const int count = pdf->pages();
    std::vector<std::vector<std::string>> pages;
    std::vector<OcrPageFailure> failures;
    std::size_t ocr_pages = 0;
    for (int i = 0; i < count; ++i) {
        std::string text;
        {
            std::unique_ptr<poppler::page> page(pdf->create_page(i));
            // Content-stream order: poppler's reading-order layout joins words
            // hyphenated across lines blindly ("self-\nreliance" would become
            // "selfreliance"); repair_hyphenation() decides with the document.
            if (page) text = utf8(page->text(poppler::rectf(), poppler::page::raw_order_layout));
        }
        text = replace_ligatures(clean_text(text));
        if (ocr.enabled && visible_chars(text) < kMinPageChars) {
            ++ocr_pages;
            try {
                std::string read = replace_ligatures(clean_text(ocr_page(*pdf, i, lock, ocr)));
                if (visible_chars(read) > visible_chars(text)) text = std::move(read);
            } catch (const Error& e) {
                // An interrupted file fails whole, to be read again next run.
                if (ocr.cancel != nullptr && ocr.cancel->load()) throw;
                failures.push_back({ocr.file, i + 1, e.what()});
            }
        }
        pages.push_back(split_lines(text));
    }
    remove_running_lines(pages);

    std::size_t visible = 0;
    for (const auto& lines : pages)
        for (const auto& line : lines)
            for (char c : line) visible += (c != ' ' && c != '\t' && c != '\f') ? 1 : 0;
    if (visible < kMinTextChars) {
        if (tl_poppler_errors > 0 && count == 0) throw Error("corrupt PDF");
        if (!failures.empty())
            throw Error("no text layer, and OCR could not read page " +
                        std::to_string(failures.front().page) + ": " + failures.front().reason);
        if (ocr_pages > 0) throw Error("no text layer, and OCR found no text");
        throw Error("no text layer (scanned PDF; a candidate for OCR)");
    }
    if (ocr.session != nullptr)
        for (auto& failure : failures) ocr.session->fail(std::move(failure));

    std::string whole;
    for (const auto& lines : pages)
        for (const auto& line : lines) whole += line + "\n";

    // Pages are joined by a blank line; each page's start is recorded after
    // repair so that offsets are exact in the stored text.
    for (const auto& lines : pages) {
        std::string page;
        for (const auto& line : lines) {
            if (line.empty() && (page.empty() || (page.size() >= 2 && page.compare(page.size() - 2, 2, "\n\n") == 0)))
                continue;
            page += line;
            page += '\n';
        }
        page = repair_hyphenation(page, whole);
        while (!page.empty() && (page.back() == '\n' || page.back() == ' ')) page.pop_back();
        if (!doc.text.empty()) doc.text += "\n\n";
        doc.pages.push_back(doc.text.size());
        doc.text += page;
    }
    doc.text += '\n';
    return doc;
}

}  // namespace dossier
