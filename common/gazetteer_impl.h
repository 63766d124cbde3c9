#pragma once
// Internal to libdossier: the gazetteer's lookup tables and the tokenizer
// that reads names, shared by entity detection (gazetteer.cc) and alias
// expansion on the query side (searcher/aliases.cc).

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gazetteer.h"

namespace dossier {

namespace gazetteer_internal {

/// A word (letters and digits) or a single punctuation character; white
/// space separates tokens and is not one.
struct Token {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool word = false;
};

/// The tokens of text (see Token), in order.
std::vector<Token> tokenize(std::string_view text);

/// ASCII white space.
bool is_space(unsigned char c);

/// Whether word starts with an ASCII capital.
bool starts_upper(std::string_view word);

/// The words of text in index form (no punctuation), case-folded when
/// fold_case: "People's Republic" and "People Republic" compare equal.
std::vector<std::string> words_of(std::string_view text, bool fold_case);

/// words[from, to) joined by single spaces.
std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to);

/// The folded forms of names that the lookup tables hold: the words of a
/// name (words_of()) and its filter value (fold_filter_value()).
class FormSource {
  public:
    virtual ~FormSource() = default;
    /// words_of(text, fold_case), or what stands for it.
    virtual std::vector<std::string> words(std::string_view text, bool fold_case) = 0;
    /// fold_filter_value(text), or what stands for it.
    virtual std::string folded(std::string_view text) = 0;
};

/// Computes the forms (what Gazetteer::parse() uses).
class ComputedForms : public FormSource {
  public:
    std::vector<std::string> words(std::string_view text, bool fold_case) override;
    std::string folded(std::string_view text) override;
};

/// How a name stands for its entity.
enum class Role { kName, kAlias, kAdjective, kMention };

/// The built-in gazetteer as recorded at build time (gazetteer_gen.cc):
/// plain constant arrays, read back without parsing (gazetteer_builtin.cc).
struct RecordedName {
    const char* text;
    bool exact;
    bool guarded;
};

/// One entity: its names are the next 1 + aliases + adjectives + mentions
/// entries of the recorded names, its context words the next context
/// entries of the recorded context words.
struct RecordedEntity {
    const char* id;
    EntityKind kind;
    unsigned short aliases, adjectives, mentions, context;
};

/// The recorded tables (generated gazetteer_data.cc). Form i, in the order
/// Gazetteer::from_entities() asks for forms, is the words
/// [kFormEnds[i - 1], kFormEnds[i]) of kFormWords (from 0 for the first);
/// a folded() form is one word.
struct Recorded {
    const RecordedEntity* entities;
    std::size_t entity_count;
    const RecordedName* names;
    std::size_t name_count;
    const char* const* context;
    std::size_t context_count;
    const char* const* form_words;
    const std::size_t* form_ends;
    std::size_t form_count;
};

/// The tables generated from data/gazetteer.tsv.
const Recorded& recorded_gazetteer();

}  // namespace gazetteer_internal

/// A name as a token sequence to match in text.
struct Pattern {
    std::vector<std::string> tokens;
    std::size_t entity = 0;
    const EntityName* name = nullptr;
    gazetteer_internal::Role role = gazetteer_internal::Role::kName;
};

struct Gazetteer::Impl {
    // The text side (patterns, index, longest) is built on the first
    // detect(): a search that only widens query words never needs it, and
    // building it was a visible share of a short search's start-up.
    mutable std::once_flag patterns_built;
    void build_patterns(const std::vector<Entity>& entities) const;
    // First token -> patterns starting with it.
    mutable std::unordered_map<std::string, std::vector<Pattern>> patterns;
    // The same, for lookups by string_view without allocating (a hash: a
    // binary search of the sorted first tokens was a third of the cost of
    // reading a text for names).
    mutable std::unordered_map<std::string_view, const std::vector<Pattern>*> index;
    mutable std::size_t longest = 1;  // tokens in the longest pattern
    // First byte of a first token -> bit L set when one is L bytes long
    // (bit 63: 63 or more): most words of a text start no name, and this
    // tells so without a search of the index.
    mutable std::array<std::uint64_t, 256> first_token_lengths{};
    // Bit (first byte * 256 + last byte) set when a first token starts and
    // ends with these bytes: many words pass the test above ("The", "And").
    mutable std::array<std::uint64_t, 1024> first_token_ends{};
    static unsigned length_bit(std::size_t length) { return static_cast<unsigned>(std::min<std::size_t>(length, 63)); }
    static std::size_t ends_bit(std::string_view token) {
        return static_cast<std::size_t>(static_cast<unsigned char>(token.front())) << 8 |
               static_cast<unsigned char>(token.back());
    }
    void note_first_token(const std::string& token) const {
        if (token.empty()) return;
        first_token_lengths[static_cast<unsigned char>(token[0])] |= std::uint64_t{1} << length_bit(token.size());
        const std::size_t bit = ends_bit(token);
        first_token_ends[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    const std::vector<Pattern>& starting_with(std::string_view token) const {
        static const std::vector<Pattern> kNone;
        if (token.empty() ||
            !(first_token_lengths[static_cast<unsigned char>(token[0])] >> length_bit(token.size()) & 1))
            return kNone;
        const std::size_t bit = ends_bit(token);
        if (!(first_token_ends[bit / 64] >> (bit % 64) & 1)) return kNone;
        auto it = index.find(token);
        return it != index.end() ? *it->second : kNone;
    }
    // Folded name, alias or id -> entity index (countries and organisations).
    std::map<std::string, std::size_t> by_name;
    // Query side: folded word sequence of a widenable name -> (entity, name).
    struct QueryForm {
        std::size_t entity;
        const EntityName* name;
        gazetteer_internal::Role role;
        std::vector<std::string> words;        // as written (for exact names)
        std::vector<std::string> folded;       // folded
    };
    std::vector<QueryForm> query_forms;
    // Folded word sequences of every name, for the "part of a longer name" test.
    std::vector<std::pair<std::size_t, std::vector<std::string>>> all_folded;
};

}  // namespace dossier
