#include "sources.h"

#include <regex>
#include <vector>

#include "detect.h"
#include "text.h"

namespace dossier {

namespace {

/// A publisher the detector knows: its name as shown, the hosts of its web
/// sites (subdomains included), the lines that head its documents, and the
/// name a byline or credit line gives it. Documented in docs/index-format.md
/// ("Known publishers"): keep the two in step.
struct Publisher {
    const char* name;
    std::vector<const char*> hosts;
    std::vector<const char*> mastheads;
    std::vector<const char*> credits;
};

const std::vector<Publisher>& publishers() {
    static const std::vector<Publisher> table = {
        {"The White House",
         {"whitehouse.gov", "bidenwhitehouse.archives.gov", "trumpwhitehouse.archives.gov",
          "obamawhitehouse.archives.gov", "georgewbush-whitehouse.archives.gov"},
         {"The White House", "Office of the Press Secretary", "The White House Office of the Press Secretary"},
         {}},
        {"United Nations",
         {"un.org", "undocs.org"},
         {"United Nations", "Security Council", "General Assembly", "United Nations Security Council"},
         {}},
        {"NATO", {"nato.int"}, {"North Atlantic Treaty Organization", "NATO Press Release"}, {}},
        {"U.S. Department of State", {"state.gov"}, {"U.S. Department of State", "Office of the Spokesperson"}, {}},
        {"U.S. Department of Defense", {"defense.gov"}, {"U.S. Department of Defense"}, {}},
        {"The Diplomat", {"thediplomat.com"}, {}, {"The Diplomat"}},
    };
    return table;
}

constexpr std::size_t kMastheadLines = 8;      // first non-empty lines read for a masthead
constexpr std::size_t kMastheadBytes = 3000;
constexpr std::size_t kCreditHeadLines = 40;   // first and last non-empty lines read for a credit
constexpr std::size_t kCreditTailLines = 10;
constexpr std::size_t kCreditHeadBytes = 12000;
constexpr std::size_t kCreditTailBytes = 4000;
constexpr std::size_t kMaxCreditLineBytes = 300;

/// Lower case, one space between words, no decoration around the line:
/// "THE WHITE  HOUSE:" and "The White House" compare equal.
std::string comparable(std::string_view line) {
    std::string out;
    bool space = false;
    for (char c : line) {
        if (c == ' ' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    while (!out.empty() && (out.back() == ':' || out.back() == '.' || out.back() == ',' || out.back() == '*'))
        out.pop_back();
    while (!out.empty() && (out.front() == '#' || out.front() == '*' || out.front() == '_' || out.front() == ' '))
        out.erase(0, 1);
    return out;
}

std::vector<std::string> non_empty_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line = trim(text.substr(pos, end - pos));
        if (!line.empty()) out.push_back(std::move(line));
        pos = end + 1;
    }
    return out;
}

/// A masthead alone on its line, or followed by nothing but a date ("THE
/// WHITE HOUSE DECEMBER 2000").
bool is_masthead(const std::string& line, const char* masthead) {
    const std::string have = comparable(line);
    const std::string want = comparable(masthead);
    if (have == want) return true;
    if (have.size() <= want.size() + 1 || have.compare(0, want.size(), want) != 0 || have[want.size()] != ' ')
        return false;
    const std::string rest = have.substr(want.size() + 1);
    static const std::regex date_words("[a-z0-9 ,.\\-]+");
    return rest.size() <= 30 && std::regex_match(rest, date_words) && parse_english_date(ascii_upper(rest)).has_value();
}

/// A byline or credit line naming the publisher: "By Ann Lee, The Diplomat",
/// "Interview by Ann Lee for The Diplomat", "Credit: The Diplomat", "This
/// interview first appeared in The Diplomat", "The Diplomat author Ann Lee
/// talks to ...".
bool is_credit(const std::string& line, const char* name) {
    const std::string n(name);
    // "The Diplomat author Ann Lee talks to ...": a publication's own writer,
    // named at the start of a line of any length.
    static const std::regex staff("^('s)? (author|contributor|correspondent|columnist|editor|reporter|staff writer)s? ",
                                  std::regex::icase);
    const std::size_t at = line.find_first_not_of("*_> ");
    if (at != std::string::npos && line.compare(at, n.size(), n) == 0 &&
        std::regex_search(line.substr(at + n.size(), 40), staff))
        return true;
    if (line.size() > kMaxCreditLineBytes || line.find(name) == std::string::npos) return false;
    static const std::regex credit(
        "^[*_>(\\[ ]*(by|credit|credits|source|photo|image|interview by|interviewed by|reporting by|published|"
        "first published|originally published|copyright|\xC2\xA9|this (interview|article|piece|essay) "
        "(was )?(first |originally )?(published|appeared))\\b",
        std::regex::icase);
    if (std::regex_search(line, credit)) return true;
    return line.find("for " + n) != std::string::npos || line.find("in " + n) != std::string::npos ||
           line.find("\xC2\xA9 " + n) != std::string::npos;
}

std::string evidence(const std::string& line) {
    constexpr std::size_t kEvidenceBytes = 200;
    if (line.size() <= kEvidenceBytes) return line;
    return std::string(cut_utf8(line, kEvidenceBytes)) + "...";
}

std::string host_of(std::string_view url) {
    std::size_t start = url.find("://");
    start = start == std::string_view::npos ? 0 : start + 3;
    std::size_t end = url.find_first_of("/?#:", start);
    std::string host = ascii_lower(trim(url.substr(start, end == std::string_view::npos ? url.npos : end - start)));
    if (std::size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
    return host;
}

bool on_host(const std::string& host, const std::string& known) {
    return host == known ||
           (host.size() > known.size() && host.compare(host.size() - known.size(), known.size(), known) == 0 &&
            host[host.size() - known.size() - 1] == '.');
}

}  // namespace

std::string publisher_name(std::string_view name) {
    const std::string have = comparable(name);
    const std::string host = host_of(name);
    for (const Publisher& p : publishers()) {
        if (have == comparable(p.name)) return p.name;
        for (const char* h : p.hosts)
            if (on_host(host, h)) return p.name;
    }
    return trim(name);
}

std::optional<SourceGuess> source_from_url(std::string_view url) {
    const std::string host = host_of(url);
    if (host.empty()) return std::nullopt;
    for (const Publisher& p : publishers())
        for (const char* h : p.hosts)
            if (on_host(host, h)) return SourceGuess{p.name, "url", host};
    return std::nullopt;
}

std::optional<SourceGuess> source_from_text(std::string_view text) {
    const std::vector<std::string> lines = non_empty_lines(text.substr(0, std::min(text.size(), kMastheadBytes)));
    for (std::size_t i = 0; i < lines.size() && i < kMastheadLines; ++i)
        for (const Publisher& p : publishers())
            for (const char* masthead : p.mastheads)
                if (is_masthead(lines[i], masthead)) return SourceGuess{p.name, "masthead", evidence(lines[i])};
    // Only the ends of the text are read: a long text costs no more.
    std::vector<std::string> head = non_empty_lines(text.substr(0, std::min(text.size(), kCreditHeadBytes)));
    if (head.size() > kCreditHeadLines) head.resize(kCreditHeadLines);
    const std::size_t tail_start = text.size() > kCreditTailBytes ? text.size() - kCreditTailBytes : 0;
    std::vector<std::string> tail = non_empty_lines(text.substr(tail_start));
    if (tail_start > 0 && !tail.empty()) tail.erase(tail.begin());  // maybe cut in the middle
    if (tail.size() > kCreditTailLines) tail.erase(tail.begin(), tail.end() - kCreditTailLines);
    for (const std::vector<std::string>* lines : {&head, &tail})
        for (const std::string& line : *lines)
            for (const Publisher& p : publishers())
                for (const char* name : p.credits)
                    if (is_credit(line, name)) return SourceGuess{p.name, "credit", evidence(line)};
    return std::nullopt;
}

void detect_source(Metadata& meta, std::string_view text) {
    if (!meta.source.empty()) {
        if (meta.source_source.empty()) meta.source_source = "metadata";
        if (meta.source_source == "site-name") meta.source = publisher_name(meta.source);
        return;
    }
    std::optional<SourceGuess> guess = source_from_url(meta.url);
    if (!guess) guess = source_from_text(text);
    if (!guess) return;
    meta.source = guess->source;
    meta.source_source = guess->kind;
    meta.source_evidence = guess->evidence;
}

}  // namespace dossier
