#include "detect.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

#include "sources.h"
#include "text.h"

namespace dossier {

namespace {

// Only the top of a document (and its last lines) is read for a date: the
// body is full of dates of events and citations.
constexpr std::size_t kHeadBytes = 4000;
constexpr std::size_t kHeadLines = 25;      // non-empty lines read for datelines
constexpr std::size_t kTextLines = 8;       // non-empty lines read for plain dates
constexpr std::size_t kTailLines = 12;      // last lines read for "Done at ... on"
constexpr std::size_t kFirstPageBytes = 12000;  // the first page, read for a date heading alone
constexpr std::size_t kFirstPageLines = 120;
constexpr std::size_t kMaxDateHeadingBytes = 100;  // a longer line is no heading
constexpr std::size_t kTitleLines = 6;      // first lines read for a type word
constexpr std::size_t kTypeHeadBytes = 1500;  // where those lines may start
constexpr std::size_t kMaxHeadingBytes = 150;  // a longer line is running text
constexpr std::size_t kEvidenceBytes = 160;
constexpr std::size_t kWrappedLineBytes = 60;  // a line this long that runs on is a paragraph

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

const char* const kMonth =
    "(January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?";
const char* const kOrdinal = "(?:st|nd|rd|th)?";

int month_number(std::string name) {
    static const char* const kNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (int i = 0; i < 12; ++i)
        if (name.compare(0, 3, kNames[i]) == 0) return i + 1;
    return 0;
}

bool capitalised(const std::string& word) { return !word.empty() && word[0] >= 'A' && word[0] <= 'Z'; }

std::optional<Date> make_date(int year, int month, int day) {
    if (year < kMinYear || year > kMaxYear) return std::nullopt;
    Date d;
    d.year = year;
    if (month == 0) {
        d.precision = Date::Precision::kYear;
        return d;
    }
    if (month < 1 || month > 12) return std::nullopt;
    d.month = month;
    if (day == 0) {
        d.precision = Date::Precision::kMonth;
        return d;
    }
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    d.day = day;
    d.precision = Date::Precision::kDay;
    return d;
}

/// A date found in a line: where it starts and ends.
struct DateMatch {
    Date date;
    std::size_t begin = 0;
    std::size_t end = 0;
};

const std::regex& day_month_year() {
    static const std::regex re(std::string("\\b(\\d{1,2})") + kOrdinal + "(?:\\s*(?:-|\xE2\x80\x93|and|to)\\s*(\\d{1,2})" +
                                   kOrdinal + ")?(?:\\s+day\\s+of)?\\s+" + kMonth + ",?\\s+(\\d{4})\\b",
                               std::regex::icase);
    return re;
}

const std::regex& month_day_year() {
    static const std::regex re(std::string("\\b") + kMonth + "\\s+(\\d{1,2})" + kOrdinal +
                                   "(?:\\s*(?:-|\xE2\x80\x93)\\s*(\\d{1,2})" + kOrdinal + ")?,?\\s+(\\d{4})\\b",
                               std::regex::icase);
    return re;
}

const std::regex& month_year() {
    static const std::regex re(std::string("\\b") + kMonth + ",?\\s+(\\d{4})\\b", std::regex::icase);
    return re;
}

const std::regex& iso_date() {
    static const std::regex re("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    return re;
}

/// Every date in a line, ordered by position; where two forms overlap the
/// more precise (earlier-starting) one is kept.
std::vector<DateMatch> dates_in(const std::string& line) {
    std::vector<DateMatch> found;
    auto add = [&](const std::smatch& m, std::optional<Date> d) {
        if (!d) return;
        std::size_t b = static_cast<std::size_t>(m.position(0));
        std::size_t e = b + static_cast<std::size_t>(m.length(0));
        for (const DateMatch& f : found)
            if (b < f.end && f.begin < e) return;
        found.push_back({*d, b, e});
    };
    for (auto it = std::sregex_iterator(line.begin(), line.end(), day_month_year()); it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        if (!capitalised(m[3].str())) continue;
        int day = std::stoi(m[2].matched ? m[2].str() : m[1].str());
        add(m, make_date(std::stoi(m[4].str()), month_number(m[3].str()), day));
    }
    for (auto it = std::sregex_iterator(line.begin(), line.end(), month_day_year()); it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        if (!capitalised(m[1].str())) continue;
        int day = std::stoi(m[3].matched ? m[3].str() : m[2].str());
        add(m, make_date(std::stoi(m[4].str()), month_number(m[1].str()), day));
    }
    for (auto it = std::sregex_iterator(line.begin(), line.end(), iso_date()); it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        add(m, make_date(std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str())));
    }
    for (auto it = std::sregex_iterator(line.begin(), line.end(), month_year()); it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        // "May" is also a verb: a month without a day must be written as a
        // name, not as a lower-case word.
        if (!capitalised(m[1].str())) continue;
        add(m, make_date(std::stoi(m[2].str()), month_number(m[1].str()), 0));
    }
    std::sort(found.begin(), found.end(), [](const DateMatch& a, const DateMatch& b) { return a.begin < b.begin; });
    return found;
}

std::string evidence_of(std::string_view line) {
    std::string e = trim(line);
    if (e.size() > kEvidenceBytes) {
        std::size_t cut = kEvidenceBytes;
        while (cut > 0 && (static_cast<unsigned char>(e[cut]) & 0xC0) == 0x80) --cut;
        e = e.substr(0, cut) + "...";
    }
    return e;
}

/// What kind of date a line holds, from the words around it.
enum class Kind { kDateline, kText, kCitation };

// Words before a date that make it a reference to another text or event.
const std::regex& citation_before() {
    static const std::regex re(
        "(\\(\\d{4}\\)\\s*(of|dated)?|\\b(resolutions?|decisions?|declarations?|communiqu(e|\xC3\xA9)s?|statements?|"
        "letters?|reports?|treat(y|ies)|agreements?|conventions?|accords?|memorand(um|a)|protocols?|"
        "summits?|meetings?|conferences?|decrees?|laws?|acts?|orders?|speech|remarks|address)\\b[^.;]{0,40}\\b(of|dated|on)|"
        "\\b(since|until|till|from|between|after|before|by|in|recalling|recalls|recalled|reaffirming|"
        "noting|welcoming|following|during|throughout|as of|dated|of))\\s*$",
        std::regex::icase);
    return re;
}

// Words before a date that announce the document's own date.
const std::regex& issued_before() {
    static const std::regex re(
        "(\\b(issued|released|published|adopted|done|signed|agreed|made|delivered|dated|date|updated|"
        "posted|approved|embargoed)\\b[^.;]{0,80}?\\b(on|at|in)?|\\bdate\\s*:|\\bfor immediate release\\b[^.;]{0,20})\\s*[,:]?\\s*$",
        std::regex::icase);
    return re;
}

const std::regex& weekday_prefix() {
    static const std::regex re(
        "^\\s*((monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\\s*)?$", std::regex::icase);
    return re;
}

// "Brussels, ", "WASHINGTON, D.C., ", "New York (Reuters) - ": place names
// and commas before the date at the start of a line.
const std::regex& place_prefix() {
    static const std::regex re(
        "^\\s*(([A-Z][A-Za-z.'\\-]*|[A-Z]\\.)(\\s+([A-Z][A-Za-z.'\\-]*|de|da|of|on|upon|am|an))*\\s*"
        "(\\([^)]{1,30}\\))?\\s*[,\xE2\x80\x94\xE2\x80\x93\\-]\\s*){1,3}((monday|tuesday|wednesday|thursday|friday|"
        "saturday|sunday),?\\s*)?$");
    return re;
}

// Words allowed after a date on a line that is only a date.
bool rest_is_empty(std::string_view rest) {
    for (char c : rest)
        if (std::isalnum(static_cast<unsigned char>(c))) return false;
    return true;
}

// Words in capitals and nothing else: no lower-case letter, no sentence.
bool capitals_heading(std::string_view text) {
    std::string t = trim(text);
    if (t.empty()) return false;
    std::size_t words = 1, letters = 0;
    for (char c : t) {
        if (c >= 'a' && c <= 'z') return false;
        if (c == '.' || c == ';' || c == ',' || c == '(' || c == ':') return false;
        if (c >= 'A' && c <= 'Z') ++letters;
        if (c == ' ') ++words;
    }
    return letters >= 3 && words <= 10;
}

Kind classify(const std::string& line, const DateMatch& m) {
    std::string before = line.substr(0, m.begin);
    std::string_view after = std::string_view(line).substr(m.end);
    if (std::regex_search(before, issued_before())) return Kind::kDateline;
    if (std::regex_search(before, citation_before())) return Kind::kCitation;
    // A heading that is a date, or a place-and-date line.
    if (std::regex_match(before, weekday_prefix()) && (rest_is_empty(after) || after.substr(0, 1) == " " ||
                                                        after.substr(0, 1) == "-" || after.substr(0, 1) == ":")) {
        // "14 June 2021 - The Council met..." reads as a dateline too, but a
        // date opening a sentence ("On 14 June...", handled above) does not.
        if (rest_is_empty(after) || trim(after).rfind("\xE2\x80\x94", 0) == 0 || trim(after).rfind("-", 0) == 0 ||
            trim(after).rfind("\xE2\x80\x93", 0) == 0)
            return Kind::kDateline;
    }
    if (std::regex_match(before, place_prefix())) return Kind::kDateline;
    // A cover heading of capitals ending in its date, as scans join
    // "THE WHITE HOUSE" and "DECEMBER 2000" into one line.
    if (rest_is_empty(after) && capitals_heading(before)) return Kind::kDateline;
    return Kind::kText;
}

/// Lines of text split at line ends and at " / " or " | " separators,
/// which stand for line breaks in running headers.
std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(pos, end - pos));
        pos = end + 1;
        std::size_t start = 0;
        while (true) {
            std::size_t sep = std::min(line.find(" / ", start), line.find(" | ", start));
            lines.push_back(line.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
            if (sep == std::string::npos) break;
            start = sep + 3;
        }
    }
    return lines;
}

struct Found {
    Date date;
    Kind kind;
    std::string evidence;
};

/// Scans print a heading letter by letter ("D E C E M B E R 2 0 0 0"): runs
/// of three or more one-character words are joined, letters apart from
/// digits, so the words can be read ("DECEMBER 2000").
std::string collapse_letter_spacing(const std::string& line) {
    std::vector<std::string> tokens;
    std::size_t pos = 0;
    while (pos <= line.size()) {
        std::size_t end = line.find(' ', pos);
        if (end == std::string::npos) end = line.size();
        tokens.push_back(line.substr(pos, end - pos));  // "" marks a wider gap
        pos = end + 1;
    }
    auto single = [](const std::string& t) {
        return t.size() == 1 && std::isalnum(static_cast<unsigned char>(t[0]));
    };
    std::string out;
    std::size_t i = 0;
    while (i < tokens.size()) {
        std::size_t run = i;
        while (run < tokens.size() && single(tokens[run])) ++run;
        if (run - i >= 3) {
            std::string word;
            for (std::size_t k = i; k < run; ++k) {
                char c = tokens[k][0];
                if (!word.empty() && (std::isdigit(static_cast<unsigned char>(c)) != 0) !=
                                         (std::isdigit(static_cast<unsigned char>(word.back())) != 0))
                    word += ' ';
                word += c;
            }
            if (!out.empty()) out += ' ';
            out += word;
            i = run;
        } else {
            if (!tokens[i].empty()) {
                if (!out.empty()) out += ' ';
                out += tokens[i];
            }
            ++i;
        }
    }
    return out;
}

/// Why a date in this line is not the document's date although it may be
/// near the top: photo captions and credits date the picture, and a
/// "then-Prime Minister" shows the text was written after what it shows.
std::string refusal_reason(const std::string& line) {
    static const std::regex credit(
        "^\\W*(photo|photos|photograph|image|images|picture|credit|credits|caption|illustration)\\s*(by\\b|:)|"
        "\\(\\s*(AP|AFP|Reuters|EPA|Getty|[A-Z][A-Za-z]+)?\\s*(Photo|Photograph|Image)s?\\s*/|"
        "\\b(photo|photograph|image)\\s+(by|courtesy|credit)\\b",
        std::regex::icase);
    static const std::regex caption(
        "^\\W*(left to right|from left|from right|l-r|l to r|pictured|in this photo|in the photo)\\b",
        std::regex::icase);
    static const std::regex then("\\bthen-[A-Za-z]");
    std::string reason;
    if (std::regex_search(line, credit)) reason = "a credit line";
    if (std::regex_search(line, caption)) reason = "a photo caption";
    if (std::regex_search(line, then)) {
        reason += reason.empty() ? "" : ", and ";
        reason += "a \"then-\" context (the text was written later)";
    }
    return reason;
}

// The words around a date in a long line, so that the date shows.
std::string evidence_around(const std::string& line, const DateMatch& m) {
    if (line.size() <= kEvidenceBytes) return trim(line);
    std::size_t begin = m.begin > kEvidenceBytes / 2 ? m.begin - kEvidenceBytes / 2 : 0;
    // Start at a word.
    while (begin > 0 && begin < m.begin && line[begin - 1] != ' ') ++begin;
    std::string e = evidence_of(std::string_view(line).substr(begin));
    return begin > 0 ? "..." + e : e;
}

// Whether text may hold a year: four digits, or letter-spaced digits. A
// cheap test that spares the date regexes most lines.
bool may_hold_year(std::string_view text) {
    std::size_t run = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            if (++run == 4) return true;
        } else if (c != ' ') {
            run = 0;
        }
    }
    return false;
}

std::optional<Found> scan_lines(const std::vector<std::string>& lines, std::size_t max_lines, bool datelines_only,
                                std::optional<RefusedDate>* refused = nullptr) {
    std::optional<Found> text_date;
    std::size_t seen = 0;
    for (const std::string& raw : lines) {
        if (trim(raw).empty()) continue;
        if (++seen > max_lines) break;
        if (!may_hold_year(raw)) continue;
        std::string line = collapse_letter_spacing(trim(raw));
        std::vector<DateMatch> dates = dates_in(line);
        if (dates.empty()) continue;
        if (std::string reason = refusal_reason(line); !reason.empty()) {
            if (refused && !*refused) *refused = RefusedDate{dates.front().date, reason, evidence_around(line, dates.front())};
            continue;
        }
        for (const DateMatch& m : dates) {
            Kind kind = classify(line, m);
            if (kind == Kind::kDateline) return Found{m.date, kind, evidence_of(line)};
            if (kind == Kind::kText && !text_date && !datelines_only && seen <= kTextLines)
                text_date = Found{m.date, kind, evidence_of(line)};
        }
    }
    return text_date;
}

/// The first line of the first page that is a date heading and nothing
/// else: "DECEMBER 2000", "THE WHITE HOUSE DECEMBER 2000".
std::optional<Found> scan_date_headings(const std::vector<std::string>& lines) {
    std::size_t seen = 0;
    std::string previous;
    for (const std::string& raw : lines) {
        // A heading stands apart: not after a line of running text.
        const bool after_text = trim(previous).size() >= kWrappedLineBytes;
        previous = raw;
        if (trim(raw).empty()) continue;
        if (++seen > kFirstPageLines) break;
        if (after_text || raw.size() > kMaxDateHeadingBytes || !may_hold_year(raw)) continue;
        std::string line = collapse_letter_spacing(trim(raw));
        std::vector<DateMatch> dates = dates_in(line);
        if (dates.size() != 1 || !refusal_reason(line).empty()) continue;
        const DateMatch& m = dates.front();
        std::string before = trim(std::string_view(line).substr(0, m.begin));
        if (!trim(std::string_view(line).substr(m.end)).empty()) continue;
        if (!before.empty() && !capitals_heading(before)) continue;
        if (classify(line, m) == Kind::kDateline) return Found{m.date, Kind::kDateline, evidence_of(line)};
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- types

/// Where a type word counts.
enum class Place {
    kAnywhere,   // a noun naming the document wherever it stands ("Summit Declaration")
    kLead,       // only where the title or heading begins ("Message to the Congress ...", not
                 // "... Following the President's Executive Order")
    kTitleVerb,  // a verb of the title ("President Biden Announces ..."), heard only when no
                 // noun of the title names a type
};

struct TypeWord {
    const char* pattern;
    /// Words of which every match of pattern holds one, in lower case,
    /// separated by "|": a line holding none cannot match, and std::regex
    /// is not run on it (most of the cost of reading a title was there).
    const char* needles;
    const char* type;
    Place place;
    const char* before = nullptr;  // what must come first, when not the place's default
};

struct CompiledTypeWord {
    std::regex re;  // group 1 is the word itself
    std::vector<std::string> needles;
    std::string type;
    Place place;
};

// What may stand before a word that leads a title: a label ("America 250:",
// "Press Release:"), an article, and who issues it ("Presidential", "The
// President and First Lady's", "National Security", "OMB").
const char* const kLeadPrefix =
    "^(?:[^:]{1,40}:\\s+)?(?:press\\s+release:?\\s+)?(?:(?:a|an|the)\\s+)?"
    "(?:(?:(?:the\\s+)?(?:president|vice\\s+president|first\\s+lady)"
    "(?:\\s+and\\s+(?:the\\s+)?(?:first\\s+lady|vice\\s+president|second\\s+gentleman))?"
    "(?:'|\xE2\x80\x99)s|presidential|joint|national\\s+security|omb|white\\s+house)\\s+)?";

// Type words of titles and headings; where one title holds several, the one
// followed by a complement ("Report on the Declaration") or else the last
// one ("Summit Declaration") is the head noun. Where two words overlap, the
// one listed first wins ("Disaster Declaration", "Memorandum of
// Understanding").
const std::vector<CompiledTypeWord>& type_words() {
    static const std::vector<CompiledTypeWord> words = [] {
        const TypeWord kWords[] = {
            {"what\\s+they\\s+are\\s+(saying|reading)", "what", "roundup", Place::kLead},
            {"joint(\\s+[a-z\\x27\xE2\x80\x99]+){0,2}\\s+(statement|press statement)", "joint", "joint-statement",
             Place::kAnywhere},
            // std::regex folds no case beyond ASCII: "COMMUNIQU\xC3\x89" is spelt out.
            {"communiqu(e|\xC3\xA9|\xC3\x89)", "communiqu", "communique", Place::kAnywhere},
            {"(security council\\s+)?resolution\\s+\\d+", "resolution", "resolution", Place::kAnywhere},
            // A disaster declaration is the President's approval of federal
            // aid, not a declaration of governments.
            {"((major\\s+)?disaster|emergency)\\s+declarations?", "declaration", "disaster-declaration",
             Place::kAnywhere},
            // "Declaración del Presidente" is a statement; "Declaración de Los
            // Ángeles", "Déclaration de ...", "Declaração de ..." are declarations.
            {"declaraci(o|\xC3\xB3)n\\s+(del|de\\s+la)\\s+(presidente|vicepresidenta|secretari[ao])",
             "declaraci", "statement", Place::kAnywhere},
            {"declaration|d\xC3\xA9" "claration|declaraci(o|\xC3\xB3)n|declara(c|\xC3\xA7)(a|\xC3\xA3)o",
             "declara|claration", "declaration", Place::kAnywhere},
            {"strategy|strategic concept", "strateg", "strategy", Place::kAnywhere},
            {"interview", "interview", "interview", Place::kAnywhere},
            {"(press\\s+)?briefing|press conference|(background\\s+)?press call|background call|media availability|"
             "(press\\s+)?gaggle",
             "briefing|press conference|press call|background call|media availability|gaggle", "press-briefing",
             Place::kAnywhere},
            {"remarks|speech|address|keynote|lecture", "remarks|speech|address|keynote|lecture", "speech",
             Place::kAnywhere},
            {"statement", "statement", "statement", Place::kAnywhere},
            {"report|working paper|policy brief|white paper|study|threat assessment|posture review",
             "report|working paper|policy brief|white paper|study|threat assessment|posture review", "report",
             Place::kAnywhere},
            {"op-ed|article|commentary", "op-ed|article|commentary", "article", Place::kAnywhere},
            {"(joint\\s+|state\\s+)?fact\\s*sheets?", "sheet", "fact-sheet", Place::kAnywhere},
            {"read-?out", "read", "readout", Place::kAnywhere},
            {"proclamation", "proclamation", "proclamation", Place::kAnywhere},
            {"(open\\s+)?letters?", "letter", "letter", Place::kAnywhere},
            // Personnel: the nominations the Senate receives, and posts the
            // President fills alone.
            {"nominations?(\\s+and\\s+withdrawals?)?\\s+sent\\s+to\\s+the\\s+senate|"
             "withdrawals?\\s+sent\\s+to\\s+the\\s+senate|"
             "(judicial\\s+)?nominations(\\s+announcement)?|nominees?|(intent|intends)\\s+to\\s+nominate|"
             "announces\\s+(the\\s+)?(u\\.s\\.\\s+|key\\s+)?nomination",
             "nomin|withdrawal", "nomination", Place::kAnywhere},
            {"appointments|appointment\\s+of|appointees?|(intent|intends)\\s+to\\s+appoint|"
             "presidential\\s+delegations?",
             "appoint|delegation", "appointment", Place::kAnywhere},
            {"(bills?|congressional\\s+bills?)\\s+signed|signed\\s+into\\s+law|vetoed", "signed|vetoed", "bill-action",
             Place::kAnywhere},
            {"announcement", "announcement", "announcement", Place::kAnywhere},
            // The documents the President issues, named by their first words.
            {"memorandum\\s+of\\s+understanding|((bilateral|framework)(\\s+[a-z]+)?\\s+)?agreement\\s+(between|on)",
             "memorandum|agreement", "agreement", Place::kLead},
            {"executive\\s+orders?", "executive", "executive-order", Place::kLead},
            {"memorandum|memo", "memo", "memorandum", Place::kLead},
            {"message", "message", "message", Place::kLead},
            {"notice", "notice", "notice", Place::kLead},
            {"(media\\s+)?advisory", "advisory", "announcement", Place::kLead},
            {"nominates|to\\s+nominate", "nominate", "nomination", Place::kTitleVerb},
            // "President Biden Announces Dr. Lee as Director of ...": a post filled.
            {"(announces|names|appoints|selects|taps)\\s+[^;:]{3,80}?\\s+as\\s+(the\\s+)?(\\S+\\s+){0,3}?"
             "(senior|chief|deputy|assistant|associate|special|director|chair|vice\\s+chair|coordinator|"
             "administrator|commissioner|counsel|press\\s+secretary|treasurer|ambassador|envoy|advis[eo]r|head|member)",
             "announces|names|appoints|selects|taps", "appointment", Place::kTitleVerb},
            {"appoints|names|to\\s+appoint", "appoint|names", "appointment", Place::kTitleVerb},
            {"announces|announced|(to|will)\\s+announce|launch(es)?|unveils|releases|signs",
             "announce|launch|unveils|releases|signs", "announcement", Place::kTitleVerb},
            // "President Biden to Host ...", but not "Partnerships to Meet
            // Shared Priorities" after a label.
            {"(to|will)\\s+(host|travel|visit|meet|welcome|award|sign|convene|kick\\s+off|lead|deliver|establish)",
             "host|travel|visit|meet|welcome|award|sign|convene|kick|lead|deliver|establish", "announcement",
             Place::kTitleVerb, "^[^:;]{3,80}?\\s"},
        };
        std::vector<CompiledTypeWord> out;
        for (const TypeWord& w : kWords) {
            // No \b at the end: "Communiqué" ends in a byte std::regex does
            // not count as a word character.
            const std::string before = w.before ? w.before : w.place == Place::kLead ? kLeadPrefix : "\\b";
            std::vector<std::string> needles;
            for (std::string_view rest = w.needles; !rest.empty();) {
                const std::size_t bar = std::min(rest.find('|'), rest.size());
                needles.emplace_back(rest.substr(0, bar));
                rest.remove_prefix(std::min(bar + 1, rest.size()));
            }
            out.push_back({std::regex(before + "(" + w.pattern + ")(?![A-Za-z])", std::regex::icase),
                           std::move(needles), w.type, w.place});
        }
        return out;
    }();
    return words;
}

struct TypeHit {
    std::size_t begin, end;
    std::string type;
};

// The head noun among hits: a label ("Fact Sheet: ...") or a word taking a
// complement ("Report on the Declaration"), or else the last word.
std::optional<std::string> head_type(std::vector<TypeHit> hits, const std::string& line) {
    if (hits.empty()) return std::nullopt;
    std::sort(hits.begin(), hits.end(), [](const TypeHit& a, const TypeHit& b) { return a.begin < b.begin; });
    // What follows the word, after spaces: a colon, or a whole word (letters,
    // digits, underscores) that is one of these, in any case.
    static const std::string_view kComplements[] = {"on",  "of", "by",     "to",    "at", "with",    "from",
                                                    "for", "in", "before", "after", "as", "between", "regarding"};
    auto complemented = [&](std::size_t end) {
        std::size_t pos = end;
        while (pos < line.size() && std::isspace(static_cast<unsigned char>(line[pos]))) ++pos;
        if (pos < line.size() && line[pos] == ':') return true;
        std::size_t word_end = pos;
        auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
        while (word_end < line.size() && word_char(line[word_end])) ++word_end;
        const std::string word = ascii_lower(std::string_view(line).substr(pos, word_end - pos));
        return std::find(std::begin(kComplements), std::end(kComplements), word) != std::end(kComplements);
    };
    for (const TypeHit& h : hits)
        if (complemented(h.end)) return h.type;
    return hits.back().type;
}

/// The type a title or heading names; title is true for the document's
/// title, whose verbs count too.
std::optional<std::string> type_of_heading(const std::string& line, bool title) {
    std::vector<TypeHit> nouns, verbs;
    // The patterns ignore case only in ASCII (std::regex in the "C" locale),
    // as does this copy.
    const std::string lower = ascii_lower(line);
    for (const CompiledTypeWord& word : type_words()) {
        if (word.place == Place::kTitleVerb && !title) continue;
        if (std::none_of(word.needles.begin(), word.needles.end(),
                         [&](const std::string& needle) { return lower.find(needle) != std::string::npos; }))
            continue;
        std::vector<TypeHit>& hits = word.place == Place::kTitleVerb ? verbs : nouns;
        for (auto it = std::sregex_iterator(line.begin(), line.end(), word.re); it != std::sregex_iterator(); ++it) {
            std::size_t b = static_cast<std::size_t>(it->position(1));
            std::size_t e = b + static_cast<std::size_t>(it->length(1));
            bool overlaps = false;
            for (const TypeHit& h : hits) overlaps = overlaps || (b < h.end && h.begin < e);
            if (!overlaps) hits.push_back({b, e, word.type});
        }
    }
    if (auto type = head_type(nouns, line)) return type;
    // A headline's main verb comes first: "President Biden to Nominate Dr.
    // Lee to Lead the Office".
    if (verbs.empty()) return std::nullopt;
    return std::min_element(verbs.begin(), verbs.end(),
                            [](const TypeHit& a, const TypeHit& b) { return a.begin < b.begin; })
        ->type;
}

std::vector<std::string> first_lines(std::string_view text, std::size_t n, std::size_t max_bytes) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size() && out.size() < n && pos < max_bytes) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line = trim(text.substr(pos, end - pos));
        // Markdown headings and emphasis are decoration.
        while (!line.empty() && (line[0] == '#' || line[0] == '*' || line[0] == '_')) line.erase(0, 1);
        line = trim(line);
        if (!line.empty()) out.push_back(line);
        pos = end + 1;
    }
    return out;
}

bool is_prose(const std::string& line, bool runs_on);

// The first lines that may name the document. A line of running text names
// nothing, whatever words it holds ("the anniversary date of its
// declaration, the"): one that continues a sentence (it opens in lower
// case, or follows a long line of the same paragraph), ends one, or runs on
// into the next line.
std::vector<std::string> heading_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0, seen = 0;
    std::string previous;
    while (pos < text.size() && seen < kTitleLines && pos < kTypeHeadBytes) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string raw = trim(text.substr(pos, end - pos));
        pos = end + 1;
        const bool after_text = previous.size() >= kWrappedLineBytes;
        previous = raw;
        std::string line = raw;
        while (!line.empty() && (line[0] == '#' || line[0] == '*' || line[0] == '_')) line.erase(0, 1);
        line = trim(line);
        if (line.empty()) continue;
        ++seen;
        std::size_t next_end = pos < text.size() ? text.find('\n', pos) : std::string_view::npos;
        if (next_end == std::string_view::npos) next_end = text.size();
        const bool runs_on = pos < text.size() && !trim(text.substr(pos, next_end - pos)).empty();
        const bool continued = line[0] >= 'a' && line[0] <= 'z';
        if (line.size() > kMaxHeadingBytes || after_text || continued || is_prose(line, runs_on)) continue;
        out.push_back(line);
    }
    return out;
}

std::optional<TypeGuess> type_from_section(const std::vector<std::string>& lines) {
    static const std::regex section("(^|[|>/\xE2\x80\xBA\xC2\xBB])\\s*(interviews|speeches|statements|press releases|"
                                    "reports|briefings|press briefings|communiqu(e|\xC3\xA9)s|declarations|"
                                    "resolutions|articles|opinion|commentary|strategies|joint statements|transcripts|"
                                    "fact sheets|readouts|proclamations|letters)"
                                    "\\s*($|[|>/\xE2\x80\xBA\xC2\xBB])",
                                    std::regex::icase);
    for (const std::string& line : lines) {
        std::smatch m;
        // A section path has a separator: "Interviews | Security".
        if (line.find_first_of("|>/") == std::string::npos && line.find("\xE2\x80\xBA") == std::string::npos) continue;
        if (!std::regex_search(line, m, section)) continue;
        std::string word = ascii_lower(m[2].str());
        std::string type;
        if (word == "interviews") type = "interview";
        else if (word == "speeches") type = "speech";
        else if (word == "statements" || word == "press releases") type = "statement";
        else if (word == "joint statements") type = "joint-statement";
        else if (word == "reports") type = "report";
        else if (word == "briefings" || word == "press briefings" || word == "transcripts") type = "press-briefing";
        else if (word.rfind("communiqu", 0) == 0) type = "communique";
        else if (word == "declarations") type = "declaration";
        else if (word == "resolutions") type = "resolution";
        else if (word == "strategies") type = "strategy";
        else if (word == "fact sheets") type = "fact-sheet";
        else if (word == "readouts") type = "readout";
        else if (word == "proclamations") type = "proclamation";
        else if (word == "letters") type = "letter";
        else type = "article";
        return TypeGuess{type, "section", evidence_of(line)};
    }
    return std::nullopt;
}

/// What a line of a transcript opens with.
enum class Turn { kNone, kQuestion, kAnswer, kSpeaker };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::size_t skip_spaces(std::string_view s, std::size_t pos) {
    while (pos < s.size() && is_space(s[pos])) ++pos;
    return pos;
}

/// Whether s at pos holds one of words, then optional spaces, a character of
/// marks and a space: "Q: ", "Question . ", "Moderator: ".
bool labelled(std::string_view s, std::size_t pos, std::initializer_list<std::string_view> words, std::string_view marks) {
    for (std::string_view word : words) {
        if (s.substr(pos, word.size()) != word) continue;
        std::size_t p = skip_spaces(s, pos + word.size());
        if (p + 1 < s.size() && marks.find(s[p]) != std::string_view::npos && is_space(s[p + 1])) return true;
    }
    return false;
}

bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '\'' || c == '-';
}

/// Whether s at pos holds one to four capitalised names (a capital and at
/// least one more letter, dot, apostrophe or hyphen each) separated by
/// spaces, then optional spaces, a colon and a space: "JEN PSAKI: ".
bool speaker_names(std::string_view s, std::size_t pos) {
    for (int names = 0; names < 4; ++names) {
        if (pos >= s.size() || !(s[pos] >= 'A' && s[pos] <= 'Z')) return false;
        std::size_t end = pos + 1;
        while (end < s.size() && is_name_char(s[end])) ++end;
        if (end == pos + 1) return false;
        const std::size_t next = skip_spaces(s, end);
        if (next + 1 < s.size() && s[next] == ':' && is_space(s[next + 1])) return true;
        // Another name needs a space before it.
        if (next == end) return false;
        pos = next;
    }
    return false;
}

/// The turn a line opens, as a transcript writes it: "Q:" or "Question." (or
/// the name of the one who asks: "MODERATOR:"), "A:", or a speaker's name
/// with an optional title ("MR. PRICE:", "Jen Psaki:").
Turn turn_of(std::string_view line) {
    const std::size_t pos = skip_spaces(line, 0);
    // Every label, name and title begins with a capital.
    if (pos >= line.size() || !(line[pos] >= 'A' && line[pos] <= 'Z')) return Turn::kNone;
    if (labelled(line, pos, {"QUESTION", "Question", "Q."}, ":.") || labelled(line, pos, {"Q"}, ":.") ||
        labelled(line, pos, {"INTERVIEWER", "Interviewer", "HOST", "Host", "MODERATOR", "Moderator"}, ":"))
        return Turn::kQuestion;
    if (labelled(line, pos, {"ANSWER", "Answer", "A"}, ":")) return Turn::kAnswer;
    if (speaker_names(line, pos)) return Turn::kSpeaker;
    // A title, with or without its dot, then the name.
    for (std::string_view title : {"MRS", "MR", "MS", "DR", "Mrs", "Mr", "Ms", "Dr"}) {
        if (line.substr(pos, title.size()) != title) continue;
        std::size_t p = pos + title.size();
        if (p < line.size() && line[p] == '.') ++p;
        const std::size_t name = skip_spaces(line, p);
        if (name > p && speaker_names(line, name)) return Turn::kSpeaker;
    }
    return Turn::kNone;
}

std::optional<TypeGuess> type_from_turns(std::string_view text) {
    std::size_t questions = 0, answers = 0, speakers = 0;
    std::string first_turn;
    std::size_t pos = 0;
    std::size_t lines = 0;
    while (pos < text.size() && lines < 400) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(pos, std::min<std::size_t>(end - pos, 200));
        pos = end + 1;
        ++lines;
        const Turn turn = turn_of(line);
        if (turn == Turn::kQuestion) ++questions;
        else if (turn == Turn::kAnswer) ++answers;
        else if (turn == Turn::kSpeaker) ++speakers;
        if (turn != Turn::kNone && first_turn.empty()) first_turn = evidence_of(line);
    }
    if (questions < 2 || questions + answers + speakers < 3) return std::nullopt;
    static const std::regex briefing(
        "\\b(briefing|press conference|spokesperson|spokesman|spokeswoman|press secretary|podium|gaggle)\\b",
        std::regex::icase);
    std::string head(text.substr(0, std::min<std::size_t>(text.size(), 1500)));
    std::string type = std::regex_search(head, briefing) ? "press-briefing" : "interview";
    return TypeGuess{type, "turns", first_turn};
}

std::optional<TypeGuess> type_from_opening(std::string_view text) {
    std::string head(text.substr(0, std::min<std::size_t>(text.size(), 800)));
    static const std::regex declaration(
        "(^|\\n)\\s*We,\\s+the\\s+(Heads\\s+of\\s+State|Leaders|Ministers|Foreign\\s+Ministers|Defence\\s+Ministers|"
        "Defense\\s+Ministers|Heads\\s+of\\s+Government|Member\\s+States)");
    static const std::regex resolution(
        "(^|\\n)\\s*(The\\s+Security\\s+Council,|Adopted\\s+by\\s+the\\s+Security\\s+Council\\s+at\\s+its\\s+\\d+)");
    static const std::regex speech(
        "(^|\\n)\\s*(Good\\s+(morning|afternoon|evening)|Ladies\\s+and\\s+gentlemen|Thank\\s+you(\\s+very\\s+much)?,?\\s+"
        "(Mr|Madam|Madame|everyone|all|so\\s+much)|Excellencies|Distinguished\\s+guests)",
        std::regex::icase);
    // The enacting words of an executive order ("... it is hereby ordered").
    static const std::regex order(
        "By\\s+the\\s+authority\\s+vested\\s+in\\s+me\\s+as\\s+President[^.]{0,200}?it\\s+is\\s+hereby\\s+ordered");
    std::smatch m;
    if (std::regex_search(head, m, resolution)) return TypeGuess{"resolution", "opening", evidence_of(m[0].str())};
    if (std::regex_search(head, m, declaration)) return TypeGuess{"declaration", "opening", evidence_of(m[0].str())};
    if (std::regex_search(head, m, order))
        return TypeGuess{"executive-order", "opening", evidence_of(one_line(m[0].str()))};
    if (std::regex_search(head, m, speech)) return TypeGuess{"speech", "opening", evidence_of(m[0].str())};
    return std::nullopt;
}


// ---------------------------------------------------------------- titles

constexpr std::size_t kTitleScanLines = 30;    // non-empty lines of the cover read for a title
constexpr std::size_t kTitleScanBytes = 6000;
constexpr std::size_t kMaxTitleWords = 25;     // longer lines are running text
constexpr std::size_t kMaxJoinedLines = 5;
constexpr std::size_t kMaxCoverLineBytes = 1000;  // longer lines are read as running text
constexpr int kLinePenalty = 3;                // score lost per line further down
constexpr int kDesignationBonus = 80;
constexpr int kTypeWordBonus = 15;
constexpr std::size_t kMaxDatelineWords = 4;  // "Annapolis, Maryland, May 25, 2018"; more is a sentence

std::vector<std::string> words_of(std::string_view line) {
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < line.size()) {
        std::size_t end = line.find(' ', pos);
        if (end == std::string_view::npos) end = line.size();
        if (end > pos) words.emplace_back(line.substr(pos, end - pos));
        pos = end + 1;
    }
    return words;
}

bool has_lower(std::string_view text) {
    for (char c : text)
        if (c >= 'a' && c <= 'z') return true;
    return false;
}

// Words that tie one cover line to the next: "A National Security Strategy"
// / "of Engagement and Enlargement".
bool is_connector(std::string word) {
    static const char* const kWords[] = {"a",    "an",  "the", "of",      "for",     "and",     "or",
                                         "in",   "on",  "to",  "with",    "against", "from",    "by",
                                         "at",   "into", "beyond", "between", "toward", "towards", "through"};
    word = ascii_lower(word);
    for (const char* w : kWords)
        if (word == w) return true;
    return false;
}

/// A line naming the document rather than describing it.
bool is_designation(const std::string& line) {
    static const std::regex re(
        "^((the\\s+)?((un|united nations)\\s+)?security council\\s+)?resolution\\s+\\d+|"
        "^joint(\\s+\\S+){0,3}\\s+(statement|declaration|communiqu)|"
        "^((final|ministerial|leaders\\S*|summit)\\s+)?(declaration|communiqu)|"
        "^statement\\s+(by|of|on|following|from)\\b",
        std::regex::icase);
    return !line.empty() && line[0] >= 'A' && line[0] <= 'Z' && std::regex_search(line, re);
}

/// A cover line as the title detector sees it.
struct CoverLine {
    std::string text;         // one line, Markdown decoration dropped
    std::string junk;         // title_junk_reason(), "" when none
    bool prose = false;       // running text rather than a heading
    bool designation = false;
};

// Running text: a sentence, a long line, or a line of a wrapped paragraph.
bool is_prose(const std::string& line, bool runs_on) {
    std::vector<std::string> words = words_of(line);
    if (words.size() > kMaxTitleWords) return true;
    char last = line.empty() ? ' ' : line.back();
    if (last == '.' || last == ';' || last == ',') return true;
    return runs_on && line.size() >= kWrappedLineBytes && has_lower(line);
}

std::vector<CoverLine> cover_lines(std::string_view text) {
    std::vector<CoverLine> out;
    std::vector<std::string> raw;
    std::size_t pos = 0;
    while (pos < text.size() && pos < kTitleScanBytes) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        // A line far longer than any title is running text; its bytes past
        // the cut are never matched against patterns.
        std::string_view whole = text.substr(pos, end - pos);
        std::string line = one_line(cut_utf8(whole, kMaxCoverLineBytes));
        if (whole.size() > kMaxCoverLineBytes) line += " ...";
        raw.push_back(std::move(line));
        pos = end + 1;
    }
    for (std::size_t i = 0; i < raw.size() && out.size() < kTitleScanLines; ++i) {
        std::string line = raw[i];
        while (!line.empty() && (line[0] == '#' || line[0] == '*' || line[0] == '_')) line.erase(0, 1);
        while (!line.empty() && (line.back() == '*' || line.back() == '_')) line.pop_back();
        line = trim(line);
        if (line.empty()) continue;
        CoverLine c;
        c.text = line;
        c.junk = title_junk_reason(line);
        c.designation = c.junk.empty() && is_designation(line) && words_of(line).size() <= kMaxTitleWords;
        const bool runs_on = i + 1 < raw.size() && !trim(raw[i + 1]).empty();
        c.prose = !c.designation && (line.size() > kMaxCoverLineBytes || is_prose(line, runs_on));
        const bool body = c.prose && (c.junk.empty() || c.junk == "too long");
        out.push_back(std::move(c));
        // The cover ends where running text begins: a heading further
        // down names a section, not the document.
        if (body) break;
    }
    return out;
}

// Whether next continues the title on cur: both in the same case (cover
// lines are set alike), and next starts with a connector, or cur ends
// with one, or cur is a fragment of one or two words.
bool continues(const std::string& cur, const CoverLine& next) {
    if (next.prose || next.designation) return false;
    if (!next.junk.empty() && next.junk != "one word") return false;
    if (has_lower(cur) != has_lower(next.text)) return false;
    std::vector<std::string> a = words_of(cur), b = words_of(next.text);
    if (a.empty() || b.empty()) return false;
    // "A National Security Strategy" / "of Engagement": a line opening with
    // an article starts afresh unless the line before ran on.
    const std::string opening = ascii_lower(b.front());
    if (is_connector(b.front()) && opening != "a" && opening != "an" && opening != "the") return true;
    const char last = cur.back();
    if (last == ':' || last == '-' || is_connector(a.back())) return true;
    if (cur.size() >= 3 && cur.compare(cur.size() - 3, 3, "\xE2\x80\x93") == 0) return true;
    return a.size() <= 2 && next.junk.empty() && b.size() <= 6;
}

}  // namespace

std::optional<Date> parse_english_date(std::string_view text) {
    std::vector<DateMatch> found = dates_in(std::string(text));
    if (found.empty()) return std::nullopt;
    return found.front().date;
}

std::optional<DateGuess> detect_date_in_text(std::string_view text, std::optional<RefusedDate>* refused) {
    if (refused) refused->reset();
    std::vector<std::string> head = lines_of(text.substr(0, std::min(text.size(), kHeadBytes)));
    std::optional<Found> found = scan_lines(head, kHeadLines, false, refused);
    if (!found || found->kind != Kind::kDateline) {
        // A cover with a long table of contents puts its date heading
        // further down the first page.
        std::vector<std::string> page = lines_of(text.substr(0, std::min(text.size(), kFirstPageBytes)));
        if (std::optional<Found> heading = scan_date_headings(page)) found = heading;
    }
    if (!found || found->kind != Kind::kDateline) {
        // The end of the document: "Done at Brussels on 14 June 2021."
        std::size_t tail_start = text.size() > kHeadBytes ? text.size() - std::min(text.size() - kHeadBytes, kHeadBytes / 2) : text.size();
        std::vector<std::string> tail = lines_of(text.substr(tail_start));
        if (tail.size() > kTailLines) tail.erase(tail.begin(), tail.end() - static_cast<long>(kTailLines));
        std::optional<Found> end = scan_lines(tail, kTailLines, true);
        if (end) found = end;
    }
    if (!found) return std::nullopt;
    return DateGuess{found->date, found->kind == Kind::kDateline ? "dateline" : "text", found->evidence};
}

std::optional<DateGuess> detect_date_in_file_name(std::string_view file_name) {
    std::string name(file_name);
    static const std::regex day("(^|[^0-9])(\\d{4})[-_.]?(\\d{2})[-_.]?(\\d{2})($|[^0-9])");
    static const std::regex month("(^|[^0-9])(\\d{4})[-_.](\\d{2})($|[^0-9])");
    static const std::regex year("(^|[^0-9])((19|20)\\d{2})($|[^0-9])");
    std::smatch m;
    for (auto it = std::sregex_iterator(name.begin(), name.end(), day); it != std::sregex_iterator(); ++it) {
        const std::smatch& d = *it;
        if (auto date = make_date(std::stoi(d[2].str()), std::stoi(d[3].str()), std::stoi(d[4].str())))
            return DateGuess{*date, "filename", name};
    }
    for (auto it = std::sregex_iterator(name.begin(), name.end(), month); it != std::sregex_iterator(); ++it) {
        const std::smatch& d = *it;
        if (auto date = make_date(std::stoi(d[2].str()), std::stoi(d[3].str()), 0))
            return DateGuess{*date, "filename", name};
    }
    if (std::regex_search(name, m, year)) {
        if (auto date = make_date(std::stoi(m[2].str()), 0, 0)) return DateGuess{*date, "filename", name};
    }
    return std::nullopt;
}

std::optional<TypeGuess> detect_type(std::string_view title, std::string_view text) {
    std::vector<std::string> lines = first_lines(text, kTitleLines, kTypeHeadBytes);
    if (auto section = type_from_section(lines)) return section;
    std::optional<TypeGuess> turns = type_from_turns(text);
    struct Heading {
        std::string line;
        bool title;
    };
    std::vector<Heading> headings;
    const std::string own_title = trim(title);
    if (!own_title.empty()) headings.push_back({own_title, true});
    for (std::string& line : heading_lines(text))
        if (line != own_title) headings.push_back({std::move(line), false});
    for (const Heading& heading : headings) {
        if (auto type = type_of_heading(heading.line, heading.title)) {
            // "Interview with..." and "Press Briefing..." agree with turns;
            // other title words lose to a text that is all turns.
            if (turns && *type != "interview" && *type != "press-briefing") return turns;
            return TypeGuess{*type, "title", evidence_of(heading.line)};
        }
    }
    if (turns) return turns;
    if (auto opening = type_from_opening(text)) return opening;
    static const std::regex byline("^By\\s+[A-Z][a-z]+(\\s+[A-Z][A-Za-z.'\\-]+){1,3}\\s*$");
    for (const std::string& line : lines)
        if (std::regex_match(line, byline)) return TypeGuess{"article", "byline", evidence_of(line)};
    return std::nullopt;
}

std::string title_junk_reason(std::string_view raw) {
    if (raw.size() > kMaxCoverLineBytes) return "too long";
    const std::string line = one_line(raw);
    std::size_t letters = 0;
    for (char c : line)
        if (std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) ++letters;
    if (letters < 3) return "too short";
    std::vector<std::string> words = words_of(line);
    std::size_t singles = 0;
    for (const std::string& w : words)
        if (w.size() == 1 && std::isalnum(static_cast<unsigned char>(w[0]))) ++singles;
    if (singles >= 4 && singles * 5 >= words.size() * 2) return "letter-spaced";
    static const std::regex producer(
        "^(microsoft\\s+(word|powerpoint|excel)|word|adobe\\s+\\w+|untitled|document\\d*)\\s*(-|$)",
        std::regex::icase);
    if (std::regex_search(line, producer)) return "producer title";
    static const std::regex file_name("(^|\\s)\\S+\\.(docx?|pdf|txt|rtf|wpd|odt|html?|indd|pages|xml)$",
                                      std::regex::icase);
    if (std::regex_search(line, file_name)) return "file name";
    static const std::regex symbol("^[A-Z]{1,4}(/[A-Za-z0-9.\\-]+)+(\\s*\\(\\d{4}\\))?(\\s|$)");
    if (std::regex_search(line, symbol)) return "document symbol";
    if (words.size() == 1) return "one word";
    if (line[0] == '<' || line.find("=\"") != std::string::npos) return "markup";
    static const std::regex furniture(
        "^(table\\s+of\\s+contents|contents|preface|foreword|introduction|executive\\s+summary|summary|"
        "index|acknowledg(e)?ments|appendix.*|annex.*|page\\s+\\d+.*|\\d+\\s+of\\s+\\d+|(un)?classified|"
        "confidential|for\\s+immediate\\s+release|office\\s+of\\s+the\\s+press\\s+secretary|(the\\s+)?white\\s+house|"
        "recent\\s+features|latest\\s+news|united\\s+nations|(the\\s+)?security\\s+council|general\\s+assembly|"
        "distr\\b.*|original\\s*:.*|(advance|unedited)\\s+(copy|version)|embargoed.*|press\\s+release|"
        "(the\\s+)?secretary-general|read\\s+more|share\\s+this.*)\\W*$",
        std::regex::icase);
    if (std::regex_match(line, furniture)) return "page furniture";
    if (line.find(" | ") != std::string::npos || line.find(" > ") != std::string::npos ||
        line.find("\xE2\x80\xBA") != std::string::npos)
        return "section line";
    if (!refusal_reason(line).empty()) return "caption";
    // "By Ann Lee", "By Ann Lee, The Diplomat", "Interview by Ann Lee for
    // The Diplomat": who wrote or asked, never what the text is called.
    static const std::regex byline(
        "^((Interview|Interviewed|Interviews|INTERVIEW|Reporting|Written|Text|Words|Photos?)\\s+)?(By|BY|by)\\s+"
        "[A-Z][A-Za-z.'\\-]*(\\s+[A-Z][A-Za-z.'\\-]*){0,3}(\\s*,\\s*\\S.*|\\s+(for|of|with)\\s+\\S.*)?$");
    if (line.size() <= 160 && std::regex_search(line, byline)) return "byline";
    static const std::regex turn(
        "^(Q|A|QUESTION|ANSWER|INTERVIEWER|HOST|MODERATOR|Question|Answer|Interviewer|Host|Moderator)\\s*[:.]\\s|"
        "^((MR|MS|MRS|DR|Mr|Ms|Mrs|Dr)\\.?\\s+)?[A-Z][A-Z.'\\-]+(\\s+[A-Z][A-Z.'\\-]+){0,3}\\s*:\\s+\\S*[a-z]");
    if (std::regex_search(line, turn)) return "turn";
    std::string collapsed = collapse_letter_spacing(line);
    std::vector<DateMatch> dates = may_hold_year(line) ? dates_in(collapsed) : std::vector<DateMatch>();
    if (!dates.empty()) {
        std::string rest = collapsed.substr(0, dates.front().begin) + " " + collapsed.substr(dates.front().end);
        std::size_t rest_words = 0;
        for (const std::string& w : words_of(rest))
            for (char c : w)
                if (std::isalpha(static_cast<unsigned char>(c))) {
                    ++rest_words;
                    break;
                }
        if (rest_words <= 1 || (rest_words <= kMaxDatelineWords && classify(collapsed, dates.front()) == Kind::kDateline))
            return "date line";
    }
    return std::string();
}

std::optional<TitleGuess> detect_title(std::string_view text) {
    std::vector<CoverLine> lines = cover_lines(text);
    struct Block {
        std::string title;
        std::size_t first = 0;
        bool designation = false;
    };
    std::vector<Block> blocks;
    std::optional<Block> open;
    std::size_t joined = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const CoverLine& line = lines[i];
        if (open && joined < kMaxJoinedLines && continues(open->title, line) &&
            open->title.size() + 1 + line.text.size() <= kMaxTitleBytes) {
            open->title += " " + line.text;
            ++joined;
            continue;
        }
        if (open) blocks.push_back(*open);
        open.reset();
        if (!line.junk.empty() || line.prose) continue;
        open = Block{line.text, i, line.designation};
        joined = 1;
    }
    if (open) blocks.push_back(*open);

    const Block* best = nullptr;
    int best_score = 0;
    for (const Block& b : blocks) {
        int score = 100 - kLinePenalty * static_cast<int>(b.first);
        if (b.designation) score += kDesignationBonus;
        if (type_of_heading(b.title, false)) score += kTypeWordBonus;
        if (!best || score > best_score) {
            best = &b;
            best_score = score;
        }
    }
    if (best) {
        return TitleGuess{trim(cut_utf8(best->title, kMaxTitleBytes)), best->designation ? "designation" : "cover"};
    }
    for (const CoverLine& line : lines)
        if (line.junk.empty()) return TitleGuess{trim(cut_utf8(line.text, kMaxTitleBytes)), "first-line"};
    return std::nullopt;
}

void detect_metadata(Document& doc, std::string_view file_name) {
    Metadata& meta = doc.meta;
    if (!meta.title.empty() && meta.title_source.empty()) meta.title_source = "metadata";
    const bool fallback_title = meta.title.empty() || meta.title_source == "first-line" ||
                                meta.title_source == "filename" ||
                                (meta.title_source == "pdf-info" && !title_junk_reason(meta.title).empty());
    if (fallback_title) {
        if (std::optional<TitleGuess> title = detect_title(doc.text)) {
            meta.title = title->title;
            meta.title_source = title->source;
        }
    }
    if (meta.date.is_dated() && meta.date_source.empty()) meta.date_source = "metadata";
    if (!meta.date.is_dated() || meta.date_source != "metadata") {
        std::optional<RefusedDate> refused;
        std::optional<DateGuess> text = detect_date_in_text(doc.text, &refused);
        if (refused) {
            meta.date_refused = refused->date.to_string() + ": " + refused->reason + ": " + refused->evidence;
        }
        std::optional<DateGuess> chosen;
        if (text && text->source == "dateline") {
            chosen = text;
        } else if (meta.date.is_dated()) {
            chosen.reset();  // the extractor's date (PDF Info) stands
        } else if (auto name = detect_date_in_file_name(file_name)) {
            chosen = name;
        } else {
            chosen = text;
        }
        if (chosen) {
            meta.date = chosen->date;
            meta.date_source = chosen->source;
            meta.date_evidence = chosen->evidence;
        }
    }
    resolve_metadata_type(meta);
    if (meta.type.empty()) {
        if (auto type = detect_type(meta.title, doc.text)) {
            meta.type = type->type;
            meta.type_source = type->source;
        }
    }
    detect_source(meta, doc.text);
}

void resolve_metadata_type(Metadata& meta) {
    // A type the metadata gives that names no known type is a tag: a web
    // site's section ("statements-releases") says where a page was filed,
    // not what it is.
    if (!meta.type.empty() && (meta.type_source.empty() || meta.type_source == "metadata")) {
        if (std::optional<std::string> known = known_type(meta.type)) {
            meta.type = *known;
            meta.type_source = "metadata";
        } else {
            const std::string folded = fold_filter_value(meta.type);
            bool have = false;
            for (const std::string& tag : meta.tags) have = have || fold_filter_value(tag) == folded;
            if (!have) meta.tags.push_back(meta.type);
            meta.type.clear();
            meta.type_source.clear();
        }
    }
    // The first tag naming a known type is the type, and no longer a tag;
    // the others stay tags whatever they say.
    for (auto it = meta.tags.begin(); meta.type.empty() && it != meta.tags.end(); ++it) {
        if (std::optional<std::string> known = known_type(*it)) {
            meta.type = *known;
            meta.type_source = "tag";
            meta.tags.erase(it);
            break;
        }
    }
}

}  // namespace dossier
