#include "query_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cctype>
#include <cmath>
#include <iterator>
#include <string_view>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "spelling_variants.h"
#include "text.h"

namespace dossier {

namespace {

bool is_operator(const std::string& word) {
    static const char* const kOperators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (const char* op : kOperators) {
        std::size_t n = std::char_traits<char>::length(op);
        if (word.compare(0, n, op) == 0 && (word.size() == n || word[n] == '/')) return true;
    }
    return false;
}

bool is_ascii_alnum(const std::string& s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!std::isalnum(c)) return false;
    return true;
}

bool is_all_caps(const std::string& s) {
    int letters = 0;
    for (unsigned char c : s) {
        if (std::islower(c)) return false;
        if (std::isupper(c)) ++letters;
    }
    return letters >= 2;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Parts of a hyphenated word such as "Indo-Pacific" ("indo", "pacific"),
/// or nothing when the word is not one.
std::vector<std::string> hyphen_parts(const std::string& word) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t dash = word.find('-', start);
        std::string part = word.substr(start, dash - start);
        if (!is_ascii_alnum(part)) return {};
        parts.push_back(lower(part));
        if (dash == std::string::npos) break;
        start = dash + 1;
    }
    return parts.size() >= 2 ? parts : std::vector<std::string>{};
}

std::string compound_query(const std::vector<std::string>& parts) {
    std::string joined, phrase;
    for (const auto& p : parts) {
        joined += p;
        phrase += (phrase.empty() ? "" : " ") + p;
    }
    return "(" + joined + " OR \"" + phrase + "\")";
}

/// A word written joined ("cyberattack") that the index also holds as two
/// words: the split whose rarer half is most common, or nothing. Only words
/// of 7 letters or more, halves of 3 or more, both terms of the index.
std::vector<std::string> split_compound(const std::string& word, const Xapian::Database& db) {
    // Both halves must be words of the index, so neither can be longer than
    // the longest word the index holds: a pasted 100 KB "word" is not tried
    // at 100,000 split points, each copying the whole word.
    if (word.size() < 7 || word.size() > 2 * schema::kMaxWordBytes ||
        !std::all_of(word.begin(), word.end(), ::islower))
        return {};
    std::vector<std::string> best;
    Xapian::doccount best_freq = 0;
    for (std::size_t i = 3; i + 3 <= word.size(); ++i) {
        std::string a = word.substr(0, i), b = word.substr(i);
        Xapian::doccount freq = std::min(db.get_termfreq(a), db.get_termfreq(b));
        if (freq > best_freq) {
            best_freq = freq;
            best = {a, b};
        }
    }
    return best;
}

/// Joined words are looked for in the first tokens only: each costs a few
/// term lookups, and a pasted text of thousands of words must stay fast.
constexpr std::size_t kMaxCompoundTokens = 32;

/// One unquoted token with the punctuation around it kept apart.
struct Token {
    std::string lead;   // "(", "+", "-"
    std::string word;
    std::string trail;  // ")"
};

Token split_token(const std::string& raw) {
    Token t;
    std::size_t b = 0, e = raw.size();
    while (b < e && (raw[b] == '(' || raw[b] == '+' || raw[b] == '-')) ++b;
    while (e > b && raw[e - 1] == ')') --e;
    t.lead = raw.substr(0, b);
    t.word = raw.substr(b, e - b);
    t.trail = raw.substr(e);
    return t;
}

// A word typed with accents is searched without them ("Côte" as "cote"):
// the index holds an accent-free twin of every accented word, and that
// twin's stem, so the word finds the text written with or without accents. An index written before
// the twins existed has none: there the word stays as typed.
std::string fold_word(const std::string& word, const Xapian::Database& db) {
    std::string folded = fold_accents(word);
    if (folded == word) return word;
    std::string core = lower(folded);
    std::size_t b = 0, e = core.size();
    while (b < e && !std::isalnum(static_cast<unsigned char>(core[b]))) ++b;
    while (e > b && !std::isalnum(static_cast<unsigned char>(core[e - 1]))) --e;
    return db.term_exists(core.substr(b, e - b)) ? folded : word;
}

// Every word of a phrase folded as fold_word() does.
std::string fold_phrase(const std::string& phrase, const Xapian::Database& db) {
    std::string out, word;
    for (char c : phrase + " ") {
        if (std::isspace(static_cast<unsigned char>(c))) {
            out += fold_word(word, db);
            word.clear();
            out += c;
        } else {
            word += c;
        }
    }
    out.pop_back();
    return out;
}

// The other spellings of a lower-case word (spelling_variants) that the
// index holds, as a word or by stem.
std::vector<std::string> indexed_variants(const std::string& word, const Xapian::Database& db) {
    std::vector<std::string> found;
    if (!is_ascii_alnum(word)) return found;
    thread_local const Xapian::Stem stemmer(schema::kStemLanguage);
    for (const auto& v : spelling_variants(word))
        if (db.term_exists(v) || db.term_exists("Z" + stemmer(v))) found.push_back(v);
    return found;
}

// A quoted phrase, and the same phrase with each word that has another
// spelling in the index respelt, so that "missile defence" also finds
// "missile defense". field is what stood before the opening quote.
void rewrite_phrase(const std::string& field, const std::string& phrase, const Xapian::Database& db,
                    std::string& out, std::vector<std::string>& notes) {
    std::string respelt;
    bool changed = false;
    std::size_t i = 0;
    while (i < phrase.size()) {
        std::size_t j = i;
        while (j < phrase.size() && std::isalnum(static_cast<unsigned char>(phrase[j]))) ++j;
        if (j == i) {
            respelt += phrase[i++];
            continue;
        }
        std::string word = phrase.substr(i, j - i);
        auto others = is_all_caps(word) ? std::vector<std::string>{} : indexed_variants(lower(word), db);
        if (!others.empty()) {
            respelt += others.front();
            changed = true;
        } else {
            respelt += word;
        }
        i = j;
    }
    std::string original = field + "\"" + phrase + "\"";
    if (!changed || field.find('+') != std::string::npos) {
        out += original;
        return;
    }
    std::string q;
    if (field.find('-') != std::string::npos)
        q = original + " " + field + "\"" + respelt + "\"";
    else
        q = "(" + original + " OR " + field + "\"" + respelt + "\")";
    notes.push_back("spelling " + original + " -> " + q);
    out += q;
}

// Rewrites a run of unquoted tokens.
void rewrite_tokens(const std::vector<std::string>& raw, const Xapian::Database& db,
                    std::string& out, std::vector<std::string>& notes,
                    std::vector<std::string>& words, bool any) {
    std::vector<Token> tokens;
    for (const auto& r : raw) tokens.push_back(split_token(r));
    // "=Côte" is the exact form; fields fold their values themselves.
    for (Token& t : tokens)
        if (!t.word.empty() && t.word[0] != '=' && t.word.find(':') == std::string::npos)
            t.word = fold_word(t.word, db);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token& t = tokens[i];
        std::string word = t.word;
        if (!out.empty() && out.back() != ' ' && out.back() != '(') out += ' ';
        if (word.empty() || is_operator(word) || word.find(':') != std::string::npos) {
            out += t.lead + word + t.trail;
            continue;
        }
        if (word.size() > schema::kMaxWordBytes && word.find('*') == std::string::npos) {
            notes.push_back("a word of " + std::to_string(word.size()) +
                            " bytes is longer than any word of the index (" +
                            std::to_string(schema::kMaxWordBytes) + " bytes): it can never match");
        }
        if (word[0] == '=' && word.size() > 1) {
            // Xapian's parser leaves capitalised words unstemmed.
            std::string exact = word.substr(1);
            exact[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(exact[0])));
            notes.push_back("exact form: " + word.substr(1));
            out += t.lead + exact + t.trail;
            continue;
        }
        auto parts = hyphen_parts(word);
        if (!parts.empty() && t.lead.empty()) {
            std::string q = compound_query(parts);
            notes.push_back("hyphenated " + word + " -> " + q);
            out += q + t.trail;
            continue;
        }
        // Two plain words that the collection also writes as one ("Indo
        // Pacific" for "Indo-Pacific"/"IndoPacific") mean that compound.
        if (!any && i < kMaxCompoundTokens && i + 1 < tokens.size() && t.lead.empty() && t.trail.empty() &&
            tokens[i + 1].lead.empty() && is_ascii_alnum(word) &&
            is_ascii_alnum(tokens[i + 1].word) && !is_operator(tokens[i + 1].word) &&
            !is_operator(word)) {
            std::string joined = lower(word + tokens[i + 1].word);
            if (db.term_exists(joined)) {
                std::string q = compound_query({lower(word), lower(tokens[i + 1].word)});
                notes.push_back("compound " + word + " " + tokens[i + 1].word + " -> " + q);
                out += q + tokens[i + 1].trail;
                ++i;
                continue;
            }
        }
        if (auto split = i < kMaxCompoundTokens ? split_compound(lower(word), db)
                                                : std::vector<std::string>{};
            t.lead.empty() && !split.empty()) {
            std::string q = compound_query(split);
            if (auto others = indexed_variants(lower(word), db); !others.empty()) {
                q = "(" + q;
                for (const auto& v : others) q += " OR " + v;
                q += ")";
            }
            notes.push_back("compound " + word + " -> " + q);
            out += q + t.trail;
            words.push_back(lower(word));
            continue;
        }
        if (is_all_caps(word)) {
            out += t.lead + word + t.trail;  // acronyms stay exact: US is not "us"
        } else if (auto others = t.lead.find('+') == std::string::npos ? indexed_variants(lower(word), db)
                                                                          : std::vector<std::string>{};
                   !others.empty()) {
            // British and American spellings find each other; an excluded
            // word excludes both.
            std::string q;
            if (t.lead.find('-') != std::string::npos) {
                q = t.lead + lower(word);
                for (const auto& v : others) q += " " + t.lead + v;
            } else {
                q = t.lead + "(" + lower(word);
                for (const auto& v : others) q += " OR " + v;
                q += ")";
            }
            notes.push_back("spelling " + word + " -> " + q);
            out += q + t.trail;
        } else {
            out += t.lead + lower(word) + t.trail;
        }
        bool excluded = t.lead.find('-') != std::string::npos ||
                        (i > 0 && tokens[i - 1].word == "NOT");
        if (!excluded && is_ascii_alnum(word)) words.push_back(lower(word));
    }
}

}  // namespace

RewrittenQuery rewrite_query_text(const std::string& text, const Xapian::Database& db,
                                  bool any) {
    RewrittenQuery result;
    std::string& out = result.text;
    std::vector<std::string> pending;
    std::string current;
    bool in_quote = false;
    std::string field, phrase;  // of the quoted phrase being read
    auto flush_tokens = [&] {
        if (!current.empty()) pending.push_back(current);
        current.clear();
        rewrite_tokens(pending, db, out, result.notes, result.words, any);
        pending.clear();
    };
    for (char c : text) {
        if (in_quote) {
            if (c == '"') {
                rewrite_phrase(field, fold_phrase(phrase, db), db, out, result.notes);
                in_quote = false;
            } else {
                phrase += c;
            }
            continue;
        }
        if (c == '"') {
            // A field prefix directly before the quote belongs to the phrase.
            field = current;
            current.clear();
            flush_tokens();
            if (!out.empty() && out.back() != ' ' && out.back() != '(') out += ' ';
            phrase.clear();
            in_quote = true;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty()) pending.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    if (in_quote) out += field + "\"" + phrase;  // unterminated: as written
    flush_tokens();
    return result;
}

namespace {

// Function words that carry no topic, in byte order; "us", "it" and "may"
// are left out on purpose (US, IT, May as a month are common in policy
// texts).
constexpr std::string_view kStopWords[] = {
    "a",     "about", "after", "all",   "also",  "an",     "and",    "any",   "are",  "as",    "at",
    "be",    "been",  "being", "but",   "by",    "can",    "could",  "did",   "do",   "does",  "done",
    "for",   "from",  "had",   "has",   "have",  "having", "he",     "her",   "his",  "how",   "i",
    "if",    "in",    "into",  "is",    "its",   "more",   "most",   "must",  "of",   "on",    "or",
    "other", "our",   "she",   "should", "so",   "some",   "such",   "than",  "that", "the",   "their",
    "them",  "then",  "there", "these", "they",  "this",   "those",  "to",    "under", "upon", "very",
    "was",   "we",    "were",  "what",  "when",  "where",  "which",  "while", "who",  "whom",  "why",
    "will",  "with",  "would", "you",   "your"};
constexpr std::size_t kLongestStopWord = 6;

/// Bit L of entry c: some stop word starting with c is L bytes long; most
/// words are told apart by that alone.
constexpr std::array<std::uint8_t, 256> stop_word_lengths() {
    std::array<std::uint8_t, 256> out{};
    for (std::string_view w : kStopWords)
        out[static_cast<unsigned char>(w[0])] = static_cast<std::uint8_t>(out[static_cast<unsigned char>(w[0])] | (1u << w.size()));
    return out;
}
constexpr std::array<std::uint8_t, 256> kStopWordLengths = stop_word_lengths();

bool is_stop_word(std::string_view word) {
    return !word.empty() && word.size() <= kLongestStopWord &&
           (kStopWordLengths[static_cast<unsigned char>(word[0])] >> word.size() & 1) != 0 &&
           std::binary_search(std::begin(kStopWords), std::end(kStopWords), word);
}

/// One piece of query text as check_operands() sees it.
enum class Piece { kWord, kOpen, kClose, kBoolean, kNot, kProximity };

struct QueryPiece {
    Piece kind;
    std::string word;  ///< the operator, for an operator
};

bool is_phrase_joiner(unsigned ch) {
    return ch == '.' || ch == '-' || ch == '/' || ch == ':' || ch == '\\' || ch == '@';
}

bool is_double_quote_char(unsigned ch) { return ch == '"' || ch == 0x201c || ch == 0x201d; }

/// Words, quoted phrases, brackets and operators of `text`, in order. A
/// word joined to the previous one by phrase characters ("x-OR",
/// "type:OR") is a word, never an operator: so the QueryParser reads it.
std::vector<QueryPiece> operand_pieces(const std::string& text) {
    std::vector<QueryPiece> pieces;
    bool in_quotes = false;
    bool quoted_word = false;
    unsigned before_word = ' ';     // the character before the current one
    bool joined = false;            // word, phrase characters, then this
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator();) {
        unsigned ch = *it;
        if (is_double_quote_char(ch)) {
            if (in_quotes && quoted_word) pieces.push_back({Piece::kWord, {}});
            in_quotes = !in_quotes;
            quoted_word = false;
            before_word = ch;
            joined = false;
            ++it;
            continue;
        }
        if (!Xapian::Unicode::is_wordchar(ch)) {
            if (!in_quotes) {
                if (ch == '(') {
                    pieces.push_back({Piece::kOpen, {}});
                } else if (ch == ')') {
                    // "( )" is ignored by the parser.
                    if (!pieces.empty() && pieces.back().kind == Piece::kOpen) pieces.pop_back();
                    else pieces.push_back({Piece::kClose, {}});
                }
            }
            joined = is_phrase_joiner(ch) && (joined || Xapian::Unicode::is_wordchar(before_word));
            before_word = ch;
            ++it;
            continue;
        }
        std::string word;
        while (it != Xapian::Utf8Iterator() && Xapian::Unicode::is_wordchar(*it)) {
            Xapian::Unicode::append_utf8(word, *it);
            ++it;
        }
        before_word = 'a';
        if (in_quotes) {
            quoted_word = true;
            continue;
        }
        Piece piece = Piece::kWord;
        if (!joined) {
            if (word == "AND" || word == "OR" || word == "XOR") piece = Piece::kBoolean;
            else if (word == "NOT") piece = Piece::kNot;
            else if (word == "NEAR" || word == "ADJ") piece = Piece::kProximity;
        }
        joined = false;
        pieces.push_back({piece, piece == Piece::kWord ? std::string() : std::move(word)});
    }
    if (in_quotes && quoted_word) pieces.push_back({Piece::kWord, {}});
    return pieces;
}

bool is_operator_piece(Piece p) { return p == Piece::kBoolean || p == Piece::kNot || p == Piece::kProximity; }

/// True if a word or phrase stands before pieces[i] in its bracket, back to
/// the previous operator.
bool has_left_operand(const std::vector<QueryPiece>& pieces, std::size_t i) {
    while (i-- > 0) {
        if (pieces[i].kind == Piece::kWord) return true;
        if (pieces[i].kind == Piece::kOpen || is_operator_piece(pieces[i].kind)) return false;
    }
    return false;
}

/// True if a word or phrase follows pieces[i] in its bracket, up to the
/// next operator; a NOT right after it ("AND NOT x") is checked on its own.
bool has_right_operand(const std::vector<QueryPiece>& pieces, std::size_t i) {
    if (i + 1 < pieces.size() && pieces[i + 1].kind == Piece::kNot) return true;
    for (++i; i < pieces.size(); ++i) {
        if (pieces[i].kind == Piece::kWord) return true;
        if (pieces[i].kind == Piece::kClose || is_operator_piece(pieces[i].kind)) return false;
    }
    return false;
}

}  // namespace

void check_operands(const std::string& text, const std::string& shown) {
    const std::vector<QueryPiece> pieces = operand_pieces(text);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece p = pieces[i].kind;
        if (p != Piece::kBoolean && p != Piece::kNot) continue;
        // "NOT x" alone means every document but those with x.
        if (p == Piece::kNot && !has_right_operand(pieces, i))
            throw QueryError("malformed query '" + shown + "': NOT needs a query after it");
        if (p == Piece::kBoolean && (!has_left_operand(pieces, i) || !has_right_operand(pieces, i)))
            throw QueryError("malformed query '" + shown + "': " + pieces[i].word +
                             " needs a query on both sides");
    }
}

Xapian::Stopper& english_stopper() {
    static Xapian::SimpleStopper* stopper = [] {
        auto* s = new Xapian::SimpleStopper;
        for (std::string_view w : kStopWords) s->add(std::string(w));
        return s;
    }();
    return *stopper;
}

bool is_topic_stem(const std::string& term) {
    // Read for every stem of a hundred documents when smoothing scores:
    // no copy, no set look-up.
    return term.size() > 2 && term[0] == 'Z' && term[1] >= 'a' && term[1] <= 'z' &&
           !is_stop_word(std::string_view(term).substr(1));
}

double rsj_idf(double df, double documents) { return std::log((documents - df + 0.5) / (df + 0.5)); }

}  // namespace dossier
