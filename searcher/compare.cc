#include "compare.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <tuple>
#include <utility>

#include "paragraphs.h"

namespace dossier {

namespace {

/// Largest word table (words of a times words of b) the word diff fills;
/// spans are at most kLongParagraph bytes, so two joined halves stay far
/// below it. Past it, the unequal middle is reported removed and added.
constexpr std::size_t kMaxDiffCells = 4'000'000;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// A span of one text, with what the alignment compares.
struct Para {
    std::string text;
    std::vector<std::string> tokens;  // diff_words(text)
    std::vector<std::uint64_t> words;  // hashes of the lower-cased words, sorted, unique
    std::string key;                  // lower-cased words in order: equal keys are "the same paragraph"
};

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

Para make_para(std::string_view text) {
    Para p;
    p.text = std::string(text);
    p.tokens = diff_words(text);
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        p.key += (p.key.empty() ? "" : " ") + word;
        // Hashes compare far faster than strings, and the similarity of
        // every pair of paragraphs left over is computed.
        p.words.push_back(std::hash<std::string>{}(word));
        word.clear();
    };
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (is_word_byte(c)) {
            word.push_back(static_cast<char>(std::tolower(c)));
        } else {
            flush();
        }
    }
    flush();
    // A span without words (a rule, a row of symbols) is equal only to the
    // same symbols.
    if (p.key.empty()) p.key = "\x01" + p.text;
    std::sort(p.words.begin(), p.words.end());
    p.words.erase(std::unique(p.words.begin(), p.words.end()), p.words.end());
    return p;
}

std::vector<Para> paragraphs_of(std::string_view text, std::size_t max, bool& truncated) {
    std::vector<Para> out;
    for (const TextSpan& span : split_spans(text)) {
        if (out.size() == max) {
            truncated = true;
            break;
        }
        out.push_back(make_para(text.substr(span.begin, span.end - span.begin)));
    }
    return out;
}

using Words = std::vector<std::uint64_t>;

std::size_t common(const Words& x, const Words& y) {
    std::size_t n = 0;
    for (auto i = x.begin(), j = y.begin(); i != x.end() && j != y.end();) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++n, ++i, ++j;
        }
    }
    return n;
}

double dice(const Words& x, const Words& y) {
    if (x.empty() && y.empty()) return 1;
    return 2.0 * static_cast<double>(common(x, y)) / static_cast<double>(x.size() + y.size());
}

Words merged(const Words& x, const Words& y) {
    Words out;
    std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
    return out;
}

/// The pairs (i, j) of a longest common subsequence of two sequences under
/// equal(i, j), in order.
template <class Equal>
std::vector<std::pair<std::size_t, std::size_t>> lcs(std::size_t n, std::size_t m, Equal equal) {
    std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            at(i, j) = equal(i, j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0, j = 0; i < n && j < m;) {
        if (equal(i, j)) {
            out.emplace_back(i++, j++);
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            ++i;
        } else {
            ++j;
        }
    }
    return out;
}

/// One step of a word diff: kind 0 same, 1 added (in b), 2 removed (from
/// a); ia and ib are the words of a and b before it (its own index for
/// the side it is on).
struct Op {
    int kind;
    std::size_t ia;
    std::size_t ib;
};

std::vector<Op> word_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    // The common head and tail cost nothing; only the middle is tabled.
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
    std::vector<std::pair<std::size_t, std::size_t>> same;
    if (n > 0 && m > 0 && n * m <= kMaxDiffCells)
        same = lcs(n, m, [&](std::size_t i, std::size_t j) { return a[head + i] == b[head + j]; });
    std::vector<Op> ops;
    for (std::size_t k = 0; k < head; ++k) ops.push_back({0, k, k});
    std::size_t i = 0, j = 0;
    same.emplace_back(n, m);  // the end, as a last anchor
    for (const auto& [si, sj] : same) {
        for (; i < si; ++i) ops.push_back({2, head + i, head + j});
        for (; j < sj; ++j) ops.push_back({1, head + i, head + j});
        if (si < n) ops.push_back({0, head + i++, head + j++});
    }
    for (std::size_t k = 0; k < tail; ++k) ops.push_back({0, a.size() - tail + k, b.size() - tail + k});
    return ops;
}

/// Fills a line's word lists from the ops that belong to it.
void fill_diff(ParagraphChange& row, const std::vector<Op>& ops, const std::vector<std::string>& a,
               const std::vector<std::string>& b, const std::function<bool(const Op&)>& mine) {
    for (const Op& op : ops) {
        if (!mine(op)) continue;
        if (op.kind == 0) {
            row.diff.emplace_back(b[op.ib], 0);
        } else if (op.kind == 1) {
            row.diff.emplace_back(b[op.ib], 1);
            row.added_words.push_back(b[op.ib]);
        } else {
            row.diff.emplace_back(a[op.ia], 2);
            row.removed_words.push_back(a[op.ia]);
        }
    }
}

/// The alignment of the two lists of paragraphs, as indexes.
class Aligner {
  public:
    Aligner(const std::vector<Para>& a, const std::vector<Para>& b, const CompareOptions& options)
        : a_(a), b_(b), options_(options), match_a_(a.size(), kNone), match_b_(b.size(), kNone),
          half_a_(a.size(), kNone), half_b_(b.size(), kNone) {}

    Comparison run() {
        match_exact_in_order();
        match_exact_moved();
        match_similar();
        find_halves();
        order();
        return lines();
    }

  private:
    void pair(std::size_t i, std::size_t j) {
        match_a_[i] = j;
        match_b_[j] = i;
    }

    /// Equal paragraphs in order first: repeated boilerplate pairs with its
    /// own copy rather than with one further away.
    void match_exact_in_order() {
        for (const auto& [i, j] : lcs(a_.size(), b_.size(), [&](std::size_t i, std::size_t j) {
                 return a_[i].key == b_[j].key;
             }))
            pair(i, j);
    }

    void match_exact_moved() {
        std::multimap<std::string, std::size_t> free_b;
        for (std::size_t j = 0; j < b_.size(); ++j)
            if (match_b_[j] == kNone) free_b.emplace(b_[j].key, j);
        for (std::size_t i = 0; i < a_.size(); ++i) {
            if (match_a_[i] != kNone) continue;
            auto it = free_b.find(a_[i].key);
            if (it == free_b.end()) continue;
            pair(i, it->second);
            free_b.erase(it);
        }
    }

    /// The most similar pairs first, each paragraph in one pair at most.
    void match_similar() {
        std::vector<std::tuple<double, std::size_t, std::size_t, std::size_t>> candidates;
        for (std::size_t i = 0; i < a_.size(); ++i) {
            if (match_a_[i] != kNone) continue;
            for (std::size_t j = 0; j < b_.size(); ++j) {
                if (match_b_[j] != kNone) continue;
                // The sizes alone bound the similarity: 2 min / (sum).
                const double na = static_cast<double>(a_[i].words.size()), nb = static_cast<double>(b_[j].words.size());
                if (na + nb > 0 && 2 * std::min(na, nb) / (na + nb) < options_.similarity) continue;
                double d = dice(a_[i].words, b_[j].words);
                if (d >= options_.similarity)
                    candidates.emplace_back(-d, i > j ? i - j : j - i, i, j);
            }
        }
        std::sort(candidates.begin(), candidates.end());
        for (const auto& [d, distance, i, j] : candidates)
            if (match_a_[i] == kNone && match_b_[j] == kNone) pair(i, j);
    }

    /// A paragraph left over next to the counterpart of a matched one whose
    /// words it mostly repeats is the other half of that one, split (in b)
    /// or joined (from a).
    void find_halves() {
        auto look = [&](const std::vector<Para>& side, const std::vector<Para>& other,
                        std::vector<std::size_t>& match_side, const std::vector<std::size_t>& match_other,
                        std::vector<std::size_t>& half_side) {
            for (std::size_t k = 0; k < side.size(); ++k) {
                if (match_side[k] != kNone || side[k].words.empty()) continue;
                for (std::size_t n : {k - 1, k + 1}) {
                    if (n >= side.size() || match_side[n] == kNone) continue;
                    std::size_t o = match_side[n];
                    if (match_other[o] != n) continue;  // n is itself a half
                    bool taken = false;
                    for (std::size_t h : half_side) taken = taken || h == o;
                    if (taken) continue;
                    double contained = static_cast<double>(common(side[k].words, other[o].words)) /
                                       static_cast<double>(side[k].words.size());
                    if (contained < options_.containment) continue;
                    if (dice(other[o].words, merged(side[n].words, side[k].words)) <=
                        dice(other[o].words, side[n].words))
                        continue;
                    match_side[k] = o;
                    half_side[k] = o;
                    break;
                }
            }
        };
        look(b_, a_, match_b_, match_a_, half_b_);
        look(a_, b_, match_a_, match_b_, half_a_);
    }

    /// The longest run of matched pairs in the order of both texts stays in
    /// place; the other pairs moved.
    void order() {
        std::vector<std::pair<std::size_t, std::size_t>> pairs;
        for (std::size_t i = 0; i < a_.size(); ++i)
            if (match_a_[i] != kNone && half_a_[i] == kNone && half_b_[match_a_[i]] == kNone)
                pairs.emplace_back(i, match_a_[i]);
        // Longest increasing subsequence of j over pairs sorted by i.
        std::vector<std::size_t> tails, previous(pairs.size(), kNone), tail_index;
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            auto it = std::lower_bound(tails.begin(), tails.end(), pairs[p].second);
            std::size_t at = static_cast<std::size_t>(it - tails.begin());
            if (at > 0) previous[p] = tail_index[at - 1];
            if (it == tails.end()) {
                tails.push_back(pairs[p].second);
                tail_index.push_back(p);
            } else {
                *it = pairs[p].second;
                tail_index[at] = p;
            }
        }
        in_order_a_.assign(a_.size(), false);
        for (std::size_t p = tail_index.empty() ? kNone : tail_index.back(); p != kNone; p = previous[p])
            in_order_a_[pairs[p].first] = true;
    }

    /// Whether the pair holding a's paragraph i (or its half) is in order.
    bool in_order(std::size_t i) const { return in_order_a_[half_a_[i] == kNone ? i : primary_a(i)]; }

    /// For a half of a, the paragraph of a paired with the same b one.
    std::size_t primary_a(std::size_t i) const { return match_b_[match_a_[i]]; }

    ParagraphChange row(ParagraphStatus status, std::size_t i, std::size_t j) const {
        ParagraphChange r;
        r.status = status;
        if (i != kNone) r.a = {i + 1, a_[i].text};
        if (j != kNone) r.b = {j + 1, b_[j].text};
        return r;
    }

    /// The line(s) of b's paragraph j.
    void lines_of_b(std::size_t j, std::vector<ParagraphChange>& out) const {
        if (match_b_[j] == kNone) {
            ParagraphChange r = row(ParagraphStatus::kAdded, kNone, j);
            for (const auto& t : b_[j].tokens) r.diff.emplace_back(t, 1);
            r.added_words = b_[j].tokens;
            out.push_back(std::move(r));
            return;
        }
        if (half_b_[j] != kNone) return;  // printed with its other half
        const std::size_t i = match_b_[j];
        // b's paragraph j with its split half, or a's i with its joined half.
        std::size_t half_b = kNone, half_a = kNone;
        for (std::size_t n : {j - 1, j + 1})
            if (n < b_.size() && half_b_[n] == i) half_b = n;
        for (std::size_t n : {i - 1, i + 1})
            if (n < a_.size() && half_a_[n] == j) half_a = n;
        const ParagraphStatus matched = in_order(i) ? ParagraphStatus::kChanged : ParagraphStatus::kMoved;
        if (half_b != kNone) {
            const std::size_t first = std::min(j, half_b), second = std::max(j, half_b);
            std::vector<std::string> joined = b_[first].tokens;
            joined.insert(joined.end(), b_[second].tokens.begin(), b_[second].tokens.end());
            const std::vector<Op> ops = word_diff(a_[i].tokens, joined);
            const std::size_t cut = b_[first].tokens.size();
            for (std::size_t part : {first, second}) {
                ParagraphChange r = row(matched, i, part);
                r.split = true;
                fill_diff(r, ops, a_[i].tokens, joined, [&](const Op& op) {
                    // A removed word goes with the half whose last word came before it.
                    bool in_first = op.kind == 2 ? op.ib <= cut : op.ib < cut;
                    return in_first == (part == first);
                });
                out.push_back(std::move(r));
            }
            return;
        }
        if (half_a != kNone) {
            const std::size_t first = std::min(i, half_a), second = std::max(i, half_a);
            std::vector<std::string> joined = a_[first].tokens;
            joined.insert(joined.end(), a_[second].tokens.begin(), a_[second].tokens.end());
            const std::vector<Op> ops = word_diff(joined, b_[j].tokens);
            const std::size_t cut = a_[first].tokens.size();
            for (std::size_t part : {first, second}) {
                ParagraphChange r = row(matched, part, j);
                r.joined = true;
                fill_diff(r, ops, joined, b_[j].tokens, [&](const Op& op) {
                    bool in_first = op.kind == 1 ? op.ia <= cut : op.ia < cut;
                    return in_first == (part == first);
                });
                out.push_back(std::move(r));
            }
            return;
        }
        ParagraphChange r = row(matched, i, j);
        fill_diff(r, word_diff(a_[i].tokens, b_[j].tokens), a_[i].tokens, b_[j].tokens,
                  [](const Op&) { return true; });
        if (r.status == ParagraphStatus::kChanged && r.added_words.empty() && r.removed_words.empty())
            r.status = ParagraphStatus::kKept;
        out.push_back(std::move(r));
    }

    /// Lines in reading order of b, each removed paragraph of a before the
    /// first line whose in-order counterpart in a comes after it, and
    /// before the paragraphs added in its place.
    Comparison lines() const {
        Comparison result;
        std::vector<ParagraphChange>& out = result.paragraphs;
        std::size_t next_a = 0;
        auto flush_removed = [&](std::size_t until) {
            for (; next_a < until && next_a < a_.size(); ++next_a)
                if (match_a_[next_a] == kNone) out.push_back(row(ParagraphStatus::kRemoved, next_a, kNone));
        };
        for (std::size_t j = 0; j < b_.size(); ++j) {
            std::size_t i = match_b_[j];
            if (i != kNone && in_order(i)) flush_removed(i);
            if (i == kNone) {
                // An added paragraph comes after the removed ones it replaces.
                std::size_t next = j + 1;
                while (next < b_.size() && !(match_b_[next] != kNone && in_order(match_b_[next]))) ++next;
                flush_removed(next < b_.size() ? match_b_[next] : a_.size());
            }
            lines_of_b(j, out);
        }
        flush_removed(a_.size());
        return result;
    }

    const std::vector<Para>& a_;
    const std::vector<Para>& b_;
    const CompareOptions& options_;
    std::vector<std::size_t> match_a_, match_b_;  // the counterpart, or kNone
    std::vector<std::size_t> half_a_, half_b_;    // for a half: the paragraph of the other text it is half of
    std::vector<bool> in_order_a_;
};

}  // namespace

const char* status_name(ParagraphStatus status) {
    switch (status) {
        case ParagraphStatus::kKept:
            return "kept";
        case ParagraphStatus::kChanged:
            return "changed";
        case ParagraphStatus::kAdded:
            return "added";
        case ParagraphStatus::kRemoved:
            return "removed";
        case ParagraphStatus::kMoved:
            return "moved";
    }
    return "kept";
}

std::vector<std::string> diff_words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
        std::size_t end = pos;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
        if (end > pos) out.emplace_back(text.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

Comparison compare_texts(std::string_view a, std::string_view b, const CompareOptions& options) {
    bool truncated = false;
    const std::vector<Para> pa = paragraphs_of(a, options.max_paragraphs, truncated);
    const std::vector<Para> pb = paragraphs_of(b, options.max_paragraphs, truncated);
    Comparison all = Aligner(pa, pb, options).run();
    Comparison result;
    result.truncated = truncated;
    std::vector<std::size_t> split_a, joined_b;
    for (auto& line : all.paragraphs) {
        if (options.filter && !(line.a.index > 0 && options.filter(line.a.text)) &&
            !(line.b.index > 0 && options.filter(line.b.text)))
            continue;
        CompareSummary& s = result.summary;
        switch (line.status) {
            case ParagraphStatus::kKept: ++s.kept; break;
            case ParagraphStatus::kChanged: ++s.changed; break;
            case ParagraphStatus::kAdded: ++s.added; break;
            case ParagraphStatus::kRemoved: ++s.removed; break;
            case ParagraphStatus::kMoved: ++s.moved; break;
        }
        if (line.split && std::find(split_a.begin(), split_a.end(), line.a.index) == split_a.end()) {
            split_a.push_back(line.a.index);
            ++s.split;
        }
        if (line.joined && std::find(joined_b.begin(), joined_b.end(), line.b.index) == joined_b.end()) {
            joined_b.push_back(line.b.index);
            ++s.joined;
        }
        result.paragraphs.push_back(std::move(line));
    }
    return result;
}

}  // namespace dossier
