#include "passages.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

#include "paragraphs.h"
#include "text.h"

namespace dossier {

namespace {

// Terms of the database looked at to find the forms of a query's words;
// past it, passages are found by reading whole texts.
constexpr std::size_t kMaxVariantScan = 20000;

// ASCII tests without the C library's locale look-ups: the passage scan
// runs over every byte of every shown document.
bool is_word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

}  // namespace

void excerpt(const Passage& passage, std::size_t max_bytes, std::string& text,
             std::vector<std::pair<std::size_t, std::size_t>>& highlights) {
    text.clear();
    highlights.clear();
    if (max_bytes == 0) return;
    // The passage with white space runs as one space, and where each of
    // its bytes went (at[i] for byte i; at[size] for its end).
    const std::string& in = passage.text;
    std::string flat;
    flat.reserve(in.size());
    std::vector<std::size_t> at(in.size() + 1);
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    for (std::size_t i = 0; i < in.size(); ++i) {
        at[i] = flat.size();
        if (!is_space(in[i])) {
            flat.push_back(in[i]);
        } else if (!flat.empty() && flat.back() != ' ') {
            flat.push_back(' ');
        }
    }
    at[in.size()] = flat.size();
    if (!flat.empty() && flat.back() == ' ') flat.pop_back();
    std::vector<std::pair<std::size_t, std::size_t>> hl;  // (start, end) in flat
    for (const auto& [offset, length] : passage.highlights) {
        if (offset > in.size() || length > in.size() - offset || length == 0) continue;
        std::size_t b = std::min(at[offset], flat.size()), e = std::min(at[offset + length], flat.size());
        if (e > b) hl.emplace_back(b, e);
    }
    std::sort(hl.begin(), hl.end());

    std::size_t s = 0, e = flat.size();
    if (flat.size() > max_bytes) {
        // The run of matches [first, last] within the budget with the most
        // distinct words, then the most matches.
        std::size_t first = 0, last = 0, best_distinct = 0, best_count = 0;
        std::vector<std::string> seen;
        for (std::size_t i = 0; i < hl.size(); ++i) {
            seen.clear();
            for (std::size_t j = i; j < hl.size() && hl[j].second - hl[i].first <= max_bytes; ++j) {
                std::string word = ascii_lower(std::string_view(flat).substr(hl[j].first, hl[j].second - hl[j].first));
                if (std::find(seen.begin(), seen.end(), word) == seen.end()) seen.push_back(std::move(word));
                const std::size_t count = j - i + 1;
                if (seen.size() > best_distinct || (seen.size() == best_distinct && count > best_count)) {
                    best_distinct = seen.size();
                    best_count = count;
                    first = i;
                    last = j;
                }
            }
        }
        if (best_count == 0) {
            // No match fits whole (or none at all): the budget from the first one.
            s = hl.empty() ? 0 : hl.front().first;
            e = s + max_bytes;
        } else {
            // Some context before the matches, the rest after them.
            const std::size_t span = hl[last].second - hl[first].first;
            s = hl[first].first - std::min(hl[first].first, (max_bytes - span) / 3);
            e = std::min(flat.size(), s + max_bytes);
            s = std::min(s, e - std::min(e, max_bytes));
            if (e - s > max_bytes) s = e - max_bytes;
            // Between words at both ends, when that keeps the matches.
            if (s > 0 && flat[s - 1] != ' ') {
                std::size_t next = flat.find(' ', s);
                if (next != std::string::npos && next < hl[first].first) s = next + 1;
            }
            if (e < flat.size() && flat[e] != ' ') {
                std::size_t prev = flat.rfind(' ', e);
                if (prev != std::string::npos && prev >= hl[last].second) e = prev;
            }
        }
        e = std::min(e, flat.size());
        // Never inside a UTF-8 character.
        while (s < e && (static_cast<unsigned char>(flat[s]) & 0xC0) == 0x80) ++s;
        while (e > s && e < flat.size() && (static_cast<unsigned char>(flat[e]) & 0xC0) == 0x80) --e;
        while (s < e && flat[s] == ' ') ++s;
        while (e > s && flat[e - 1] == ' ') --e;
    }
    const bool cut_before = s > 0, cut_after = e < flat.size();
    if (cut_before) text = "...";
    const std::size_t shift = text.size();
    text.append(flat, s, e - s);
    if (cut_after) text += "...";
    for (const auto& [b, end] : hl)
        if (b >= s && end <= e) highlights.emplace_back(b - s + shift, end - b);
}

std::size_t page_of(const Document& doc, std::size_t offset) {
    if (doc.pages.empty()) return 0;
    auto it = std::upper_bound(doc.pages.begin(), doc.pages.end(), offset);
    return static_cast<std::size_t>(it - doc.pages.begin());
}

/// A stretch of a document's text that starts where a paragraph starts: the
/// whole text, or one stored block.
struct PassageFinder::Piece {
    std::string text;
    std::size_t offset = 0;             // of text in the document
    std::size_t chars_before = 0;       // characters before it
    std::size_t paragraphs_before = 0;  // paragraphs before it
};

/// A scored paragraph (offset in the document) and the piece holding it.
struct PassageFinder::Candidate {
    Passage passage;
    std::size_t piece = 0;
};

namespace {

/// The word a query term stands for ("Zpolici" -> "polici", "Stitle" ->
/// "title"), whether it is a stem, or an empty word for filter terms.
std::pair<std::string, bool> query_word(const std::string& term) {
    std::string word = term;
    bool stemmed = false;
    if (word.rfind("ZS", 0) == 0 || word.rfind("ZA", 0) == 0) {
        word = word.substr(2);
        stemmed = true;
    } else if (word.rfind("Z", 0) == 0) {
        word = word.substr(1);
        stemmed = true;
    } else if (word.rfind("S", 0) == 0 || word.rfind("A", 0) == 0) {
        word = word.substr(1);
    }
    if (word.empty() || std::isupper(static_cast<unsigned char>(word[0]))) word.clear();
    return {word, stemmed};
}

}  // namespace

void PassageFinder::collect_phrases(const Xapian::Query& query, bool in_phrase) {
    const Xapian::Query::op type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        auto [word, stemmed] = query_word(*query.get_terms_begin());
        if (!word.empty() && !stemmed && !in_phrase) free_exact_.insert(word);
        return;
    }
    const std::size_t n = query.get_num_subqueries();
    if (type == Xapian::Query::OP_PHRASE) {
        std::vector<std::string> words;
        for (std::size_t i = 0; i < n; ++i) {
            const Xapian::Query sub = query.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM) {
                words.clear();
                break;
            }
            words.push_back(query_word(*sub.get_terms_begin()).first);
            if (words.back().empty()) {
                words.clear();
                break;
            }
        }
        if (!words.empty()) {
            phrases_.push_back(std::move(words));
            return;
        }
    }
    for (std::size_t i = 0; i < n; ++i) collect_phrases(query.get_subquery(i), false);
}

PassageFinder::PassageFinder(const Xapian::Query& query, const Xapian::Database& db) : db_(&db) {
    double total = std::max<double>(1, db.get_doccount());
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        auto [term, stemmed] = query_word(*it);
        if (term.empty()) continue;
        double freq = std::max<double>(1, db.get_termfreq(*it));
        double weight = std::log(1 + total / freq);
        (stemmed ? stems_ : exact_)[term] = weight;
    }
    collect_phrases(query, false);
    // A word can only match a query word it starts like (stemming changes
    // the end of a word, never its first byte): the words of a text that
    // start otherwise, most of them, are passed over without a look-up.
    for (const auto& entry : exact_) exact_starts_[static_cast<unsigned char>(entry.first[0])] = true;
    for (const auto& entry : stems_) stem_starts_[static_cast<unsigned char>(entry.first[0])] = true;
}

const PassageFinder::Entry* PassageFinder::match(const std::string& word) const {
    auto first = static_cast<unsigned char>(word[0]);
    if (exact_starts_[first]) {
        auto e = exact_.find(word);
        if (e != exact_.end()) return &*e;
    }
    if (stem_starts_[first]) {
        auto s = stems_.find(stemmer_(word));
        if (s != stems_.end()) return &*s;
    }
    if (std::any_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        // A query typed without accents matched the word's accent-free
        // twin (index_writer.cc).
        std::string folded = fold_accents(word);
        if (folded != word && !folded.empty()) {
            auto e = exact_.find(folded);
            if (e != exact_.end()) return &*e;
            auto s = stems_.find(stemmer_(folded));
            if (s != stems_.end()) return &*s;
        }
    }
    return nullptr;
}

void PassageFinder::score(const std::vector<Piece>& pieces, std::size_t i, std::vector<Candidate>& out) const {
    const std::string& text = pieces[i].text;
    std::string word;
    for (const TextSpan& span : split_spans(text)) {
        Candidate c;
        c.piece = i;
        Passage& p = c.passage;
        p.offset = pieces[i].offset + span.begin;
        p.length = span.end - span.begin;
        p.paragraph = pieces[i].paragraphs_before + span.paragraph;
        std::map<std::string, std::pair<double, int>> seen;  // term -> (weight, count)
        std::size_t k = span.begin;
        while (k < span.end) {
            if (!is_word_byte(static_cast<unsigned char>(text[k]))) {
                ++k;
                continue;
            }
            std::size_t j = k;
            while (j < span.end && is_word_byte(static_cast<unsigned char>(text[j]))) ++j;
            auto first = static_cast<unsigned char>(ascii_lower(text[k]));
            if (!exact_starts_[first] && !stem_starts_[first]) {
                k = j;
                continue;
            }
            word.assign(text, k, j - k);
            for (char& ch : word) ch = ascii_lower(ch);
            if (const Entry* hit = match(word)) {
                auto& entry = seen[hit->first];
                entry.first = hit->second;
                ++entry.second;
                p.highlights.emplace_back(k - span.begin, j - k);
            }
            k = j;
        }
        for (const auto& [term, wc] : seen) p.score += wc.first * (1 + 0.3 * std::log(wc.second));
        out.push_back(std::move(c));
    }
}

bool PassageFinder::matches_outside_phrases(const std::string& word) const {
    if (free_exact_.count(word) || stems_.count(stemmer_(word))) return true;
    std::string folded = fold_accents(word);
    return folded != word && !folded.empty() && (free_exact_.count(folded) || stems_.count(stemmer_(folded)));
}

void PassageFinder::keep_phrase_matches(Passage& p) const {
    if (phrases_.empty()) return;
    // The words of the text as the index reads them: an apostrophe between
    // two letters stays inside ("d'Ivoire", "d\u2019Ivoire"), and phrase
    // words are compared in lower case, with accents or without.
    struct Word {
        std::size_t begin, end;
        std::string form;
    };
    std::vector<Word> words;
    const std::string& text = p.text;
    auto apostrophe = [&](std::size_t j) -> std::size_t {
        if (j < text.size() && text[j] == '\'') return 1;
        return text.compare(j, 3, "\xE2\x80\x99") == 0 ? 3 : 0;
    };
    for (std::size_t k = 0; k < text.size();) {
        if (!is_word_byte(static_cast<unsigned char>(text[k])) || apostrophe(k)) {
            ++k;
            continue;
        }
        Word w{k, k, {}};
        std::size_t j = k;
        for (;;) {
            while (j < text.size() && is_word_byte(static_cast<unsigned char>(text[j])) && !apostrophe(j))
                w.form += ascii_lower(text[j++]);
            const std::size_t quote = apostrophe(j);
            if (quote == 0 || j + quote >= text.size() || !is_word_byte(static_cast<unsigned char>(text[j + quote])) ||
                apostrophe(j + quote))
                break;
            w.form += '\'';
            j += quote;
        }
        w.end = j;
        words.push_back(std::move(w));
        k = j;
    }
    auto same = [](const std::string& form, const std::string& phrase_word) {
        return form == phrase_word || fold_accents(form) == phrase_word;
    };
    // Where the phrases are: each is marked whole, as one match.
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // (begin, end)
    for (const std::vector<std::string>& phrase : phrases_) {
        for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i) {
            bool whole = true;
            for (std::size_t k = 0; k < phrase.size() && whole; ++k) whole = same(words[i + k].form, phrase[k]);
            if (whole) spans.emplace_back(words[i].begin, words[i + phrase.size() - 1].end);
        }
    }
    std::sort(spans.begin(), spans.end());
    std::vector<std::pair<std::size_t, std::size_t>> merged;
    for (const auto& [begin, end] : spans) {
        if (!merged.empty() && begin <= merged.back().second) merged.back().second = std::max(merged.back().second, end);
        else merged.emplace_back(begin, end);
    }
    // Other matches stay where they match a word the query holds outside
    // its phrases, and are not inside a phrase found.
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& [begin, end] : merged) out.emplace_back(begin, end - begin);
    for (const auto& match : p.highlights) {
        const std::size_t offset = match.first, length = match.second;
        const bool inside = std::any_of(merged.begin(), merged.end(), [&](const auto& span) {
            return offset < span.second && span.first < offset + length;
        });
        if (!inside && matches_outside_phrases(ascii_lower(std::string_view(text).substr(offset, length))))
            out.emplace_back(offset, length);
    }
    std::sort(out.begin(), out.end());
    p.highlights = std::move(out);
}

std::vector<Passage> PassageFinder::select(std::vector<Candidate> scored, const std::vector<Piece>& pieces,
                                           const Document& doc, std::size_t max_passages) const {
    // Best first, ties in document order.
    std::stable_sort(scored.begin(), scored.end(), [](const Candidate& a, const Candidate& b) {
        if (a.passage.score != b.passage.score) return a.passage.score > b.passage.score;
        return a.passage.offset < b.passage.offset;
    });
    std::vector<Passage> out;
    for (Candidate& c : scored) {
        if (out.size() >= std::max<std::size_t>(1, max_passages)) break;
        if (!out.empty() && c.passage.score == 0) break;  // only the best may be a non-match
        const Piece& piece = pieces[c.piece];
        Passage p = std::move(c.passage);
        std::size_t local = p.offset - piece.offset;
        p.text = piece.text.substr(local, p.length);
        p.char_offset = piece.chars_before + count_chars(std::string_view(piece.text).substr(0, local));
        p.char_length = count_chars(std::string_view(piece.text).substr(local, p.length));
        p.page = page_of(doc, p.offset);
        keep_phrase_matches(p);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<Passage> PassageFinder::find(const Document& doc, std::size_t max_passages) const {
    std::vector<Piece> pieces(1);
    pieces[0].text = doc.text;
    std::vector<Candidate> scored;
    score(pieces, 0, scored);
    return select(std::move(scored), pieces, doc, max_passages);
}

void PassageFinder::collect_variants() const {
    variants_.emplace();
    // Each term of the database that starts like a query word (a stem
    // without its last letter, since stemming may change it: "polici" for
    // "policy") is split into words as the passage scan splits text
    // ("china's" holds the word "china"); those holding a query word are
    // the forms to look up in each shown document.
    // A word may also follow an elision inside a term ("o'brien",
    // "d'ivoire"); other words inside terms are not looked for, so a query
    // word found only after some other apostrophe does not steer the choice
    // of blocks.
    // An exact word's terms are those where it is a whole word: "of" and
    // "of's", not "office". When no other prefix starts like it, the terms
    // that go on with a letter or digit are stepped over (a common short
    // word such as "of" in a phrase would otherwise read thousands).
    std::vector<std::pair<std::string, bool>> prefixes;  // (prefix, an exact word)
    auto add = [&](const std::string& prefix, bool exact) {
        prefixes.emplace_back(prefix, exact);
        for (const char* elision : {"d'", "l'", "o'", "d\xE2\x80\x99", "l\xE2\x80\x99", "o\xE2\x80\x99"})
            prefixes.emplace_back(elision + prefix, exact);
    };
    for (const auto& entry : exact_) add(entry.first, true);
    // An English stem starts the words it stands for, unless stemming
    // changed its last letter: "happi" (happy), "hope" (hoping), "capabl"
    // (capability), and "sky" (skies). Other languages keep the letter
    // dropped in every case.
    static const std::string kEnglish = Xapian::Stem("english").get_description();
    const bool english = stemmer_.get_description() == kEnglish;
    for (const auto& [stem, weight] : stems_) {
        const bool kept = english && stem.size() > 1 && stem != "sky" && stem.back() != 'e' &&
                          stem.back() != 'i' && stem.back() != 'l';
        add(kept || stem.size() <= 1 ? stem : stem.substr(0, stem.size() - 1), false);
    }
    std::sort(prefixes.begin(), prefixes.end());
    std::size_t scanned = 0;
    std::string last, word;
    for (std::size_t i = 0; i < prefixes.size(); ++i) {
        const std::string& prefix = prefixes[i].first;
        if (!last.empty() && prefix.compare(0, last.size(), last) == 0) continue;  // scanned already
        last = prefix;
        bool whole_words = prefixes[i].second;
        for (std::size_t j = i + 1; j < prefixes.size() && whole_words; ++j)
            whole_words = prefixes[j].first.compare(0, prefix.size(), prefix) != 0 || prefixes[j] == prefixes[i];
        const auto end = db_->allterms_end(prefix);
        for (auto t = db_->allterms_begin(prefix); t != end;) {
            if (++scanned > kMaxVariantScan) {
                too_many_variants_ = true;
                return;
            }
            const std::string& term = *t;
            if (whole_words && term.size() > prefix.size()) {
                // Past the terms that go on with a word byte of this kind:
                // digits, capitals, small letters; bytes from 0x80 on end it.
                const auto next = static_cast<unsigned char>(term[prefix.size()]);
                if (next >= 0x80) break;
                const char after = next >= '0' && next <= '9'   ? ':'
                                   : next >= 'A' && next <= 'Z' ? '['
                                   : next >= 'a' && next <= 'z' ? '{'
                                                                : 0;
                if (after != 0) {
                    t.skip_to(prefix + after);
                    continue;
                }
            }
            Variant v;
            std::size_t k = 0;
            while (k < term.size()) {
                if (!is_word_byte(static_cast<unsigned char>(term[k]))) {
                    ++k;
                    continue;
                }
                std::size_t j = k;
                while (j < term.size() && is_word_byte(static_cast<unsigned char>(term[j]))) ++j;
                word.assign(term, k, j - k);
                for (char& ch : word) ch = ascii_lower(ch);
                if (const Entry* hit = match(word)) v.entries.push_back(hit);
                k = j;
            }
            if (!v.entries.empty()) {
                v.term = term;
                variants_->push_back(std::move(v));
            }
            ++t;
        }
    }
}

std::optional<std::vector<double>> PassageFinder::block_bounds(const StoredData& stored,
                                                               Xapian::docid docid) const {
    if (!variants_) collect_variants();
    if (too_many_variants_) return std::nullopt;
    const std::vector<TextBlock>& blocks = stored.blocks();
    // Where each span's words start, and its block.
    std::vector<Xapian::termpos> starts;
    std::vector<std::size_t> block_of;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        for (Xapian::termpos pos : blocks[b].paragraph_pos) {
            starts.push_back(pos);
            block_of.push_back(b);
        }
    }
    // Occurrences of each query word per span, from the positions of its forms.
    std::map<const Entry*, std::vector<unsigned>> counts;
    for (const Variant& v : *variants_) {
        for (auto p = db_->positionlist_begin(docid, v.term); p != db_->positionlist_end(docid, v.term); ++p) {
            auto after = std::lower_bound(starts.begin(), starts.end(), *p);
            if (after == starts.begin()) continue;  // a metadata field's word
            auto span = static_cast<std::size_t>(after - starts.begin()) - 1;
            for (const Entry* hit : v.entries) {
                auto& per_span = counts[hit];
                if (per_span.empty()) per_span.resize(starts.size());
                ++per_span[span];
            }
        }
    }
    // A passage (a span) holds at most these occurrences of each word, and
    // its score grows with both the words and their counts; a block can
    // score at most what its best span can.
    std::vector<double> span_bounds(starts.size());
    for (const auto& [hit, per_span] : counts)
        for (std::size_t k = 0; k < starts.size(); ++k)
            if (per_span[k] > 0) span_bounds[k] += hit->second * (1 + 0.3 * std::log(per_span[k]));
    std::vector<double> bounds(blocks.size());
    for (std::size_t k = 0; k < starts.size(); ++k) bounds[block_of[k]] = std::max(bounds[block_of[k]], span_bounds[k]);
    return bounds;
}

std::vector<Passage> PassageFinder::find(const StoredData& stored, const Document& doc, Xapian::docid docid,
                                         std::size_t max_passages) const {
    const std::vector<TextBlock>& blocks = stored.blocks();
    std::optional<std::vector<double>> bounded = block_bounds(stored, docid);
    if (!bounded) {
        Document whole = doc;
        whole.text = stored.text();
        return find(whole, max_passages);
    }
    const std::vector<double>& bounds = *bounded;
    std::vector<std::size_t> order(blocks.size());
    for (std::size_t b = 0; b < order.size(); ++b) order[b] = b;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return bounds[a] > bounds[b]; });

    std::vector<Piece> pieces;
    std::vector<Candidate> scored;
    // Positive scores found so far with their offsets, best first (ties in
    // document order, as select() ranks them).
    std::vector<std::pair<double, std::size_t>> found;
    const std::size_t wanted = std::max<std::size_t>(1, max_passages);
    auto read = [&](std::size_t b) {
        Piece piece;
        piece.text = stored.block_text(b);
        piece.offset = blocks[b].offset;
        piece.chars_before = blocks[b].chars_before;
        piece.paragraphs_before = blocks[b].paragraphs_before;
        pieces.push_back(std::move(piece));
        std::size_t from = scored.size();
        score(pieces, pieces.size() - 1, scored);
        for (std::size_t k = from; k < scored.size(); ++k)
            if (scored[k].passage.score > 0) found.emplace_back(scored[k].passage.score, scored[k].passage.offset);
        std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
            return x.first != y.first ? x.first > y.first : x.second < y.second;
        });
    };
    for (std::size_t b : order) {
        if (bounds[b] <= 0) break;
        if (found.size() >= wanted) {
            // A block that cannot beat the last passage kept is not read; at
            // best equal, it can only win the tie by coming first.
            const auto& [last_score, last_offset] = found[wanted - 1];
            if (bounds[b] < last_score) break;
            if (bounds[b] == last_score && blocks[b].offset > last_offset) continue;
        }
        read(b);
    }
    // Nothing matches: the answer is the document's first paragraph.
    if (found.empty()) {
        pieces.clear();
        scored.clear();
        for (std::size_t b = 0; b < blocks.size() && scored.empty(); ++b) read(b);
    }
    return select(std::move(scored), pieces, doc, max_passages);
}

}  // namespace dossier
