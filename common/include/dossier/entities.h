#pragma once
/// @file entities.h
/// Countries and security organisations: the gazetteer of their names,
/// finding them in text, canonical filter values, and widening a query so
/// that an alias finds every other name of the same entity.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "dossier/document.h"

namespace dossier {

/// What an entity of the gazetteer is.
enum class EntityKind {
    kCountry,       ///< A state; counted in the country facet.
    kOrganisation,  ///< An organisation or group of states (NATO, G7, IP4).
    kNone,          ///< A name that is no entity but hides one ("New Mexico").
};

/// One name of an entity as written in the gazetteer, with its markers read.
struct EntityName {
    std::string text;     ///< The name, e.g. "Republic of Korea".
    bool exact = false;   ///< '=': case must match, also in queries ("US").
    bool guarded = false; ///< '?': needs a context word and no person's name.
};

/// An entry of the gazetteer (see docs/gazetteer.md for the file format).
struct Entity {
    std::string id;                      ///< Canonical id, e.g. "south-korea".
    EntityKind kind = EntityKind::kNone; ///< Country, organisation or none.
    EntityName name;                     ///< Display name, e.g. "South Korea".
    std::vector<EntityName> aliases;     ///< Other names, widened both ways.
    std::vector<EntityName> adjectives;  ///< "South Korean"; in query phrases.
    std::vector<EntityName> mentions;    ///< Found in text, never widened.
    std::vector<std::string> context;    ///< Words needed by '?' names.
};

/// One entity found in a text.
struct EntityHit {
    std::string id;          ///< Entity id.
    std::size_t count = 0;   ///< Number of mentions.
    std::size_t first = 0;   ///< Byte offset of the first mention.
};

/// How a query word or phrase was widened by alias expansion.
struct AliasExpansion {
    std::string typed;               ///< The alias as typed, e.g. "ROK".
    std::string entity;              ///< Entity id, e.g. "south-korea".
    std::vector<std::string> forms;  ///< Every phrase searched for, typed first.
};

/// The names of countries and organisations. Immutable once built; the
/// built-in one is shared and safe to use from several threads.
class Gazetteer {
  public:
    /// The gazetteer compiled into the library from data/gazetteer.tsv.
    static const Gazetteer& builtin();

    /// Reads a gazetteer in the TSV format of data/gazetteer.tsv. Throws
    /// dossier::Error naming the line of a malformed entry.
    static Gazetteer parse(std::string_view tsv);

    /// All entries, in file order.
    const std::vector<Entity>& entities() const { return entities_; }

    /// The entry with this id, or nullptr.
    const Entity* find(std::string_view id) const;

    /// The country or organisation a name stands for, compared in folded
    /// form (case and accents ignored): an id ("south-korea"), the display
    /// name, or an alias ("ROK", "Korea, Republic of"). nullptr if unknown.
    const Entity* lookup(std::string_view name) const;

    /// Entities mentioned in text, in order of first mention. Names match
    /// with their capitals (lines written in capitals also match upper-case
    /// names of four letters or more, never '=' names); the longest name
    /// starting at a word wins ("Democratic People's Republic of Korea" is
    /// North Korea, not South Korea); '?' names count only when one of the
    /// entity's context words is in the text and the name is not part of a
    /// person's name. Entries of kind none hide what they contain. Never
    /// throws.
    std::vector<EntityHit> detect(std::string_view text) const;

    struct Impl;  ///< Lookup tables built by parse().
    /// The lookup tables (for this library's query side), or nullptr for a
    /// default-constructed gazetteer.
    const Impl* tables() const { return impl_.get(); }

  private:
    std::vector<Entity> entities_;
    std::shared_ptr<const Impl> impl_;
};

/// Resolves the countries and entities of a document with the built-in
/// gazetteer: metadata countries become display names where known (others
/// stay as written) and set countries_source "metadata"; when metadata gives
/// no country, the countries mentioned in the text (and title) are used with
/// countries_source "text". meta.entities receives the ids of every entity
/// given or mentioned (metadata countries, a source that is an entity such
/// as "NATO", then mentions in title and text), in order of first
/// appearance. Never throws.
void resolve_entities(Document& doc);

/// The folded value a country: filter compares with: the display name of
/// the country an id or alias stands for ("ROK", "south-korea" ->
/// "south korea"), else fold_filter_value(value).
std::string country_filter_value(std::string_view value);

/// The value an entity: filter compares with: the id of the entity a name
/// stands for ("NATO" -> "nato", "ROK" -> "south-korea"), else the folded value with
/// spaces as '-'.
std::string entity_filter_value(std::string_view value);

/// Rewrites query text (already in index_form()) so that each quoted phrase
/// holding an alias, and each unquoted alias, is searched for under every
/// name of its entity: the words are replaced by a field that parser
/// resolves (a FieldProcessor is added to parser, which owns it) into an OR
/// of phrases. Inside a phrase followed by more words, adjectives stand in
/// for the name too ("ROK forces" also finds "South Korean forces"). Names
/// that could be other words ('=' names such as "US", which the index holds
/// in lower case) or part of a longer name ("Republic of Korea") only match
/// documents in which the entity was detected. Names that find nothing in db,
/// or nothing the typed words do not find ("People's Republic of China" for
/// "China"), are left out, and an alias with no other name left is searched
/// as typed. Words after a field prefix, a '+' or a '-' are left alone, and
/// so is a query using NEAR or ADJ. Each expansion is appended to
/// expansions. Never throws.
std::string expand_aliases(std::string_view query_text, const Xapian::Database& db,
                           Xapian::QueryParser& parser, std::vector<AliasExpansion>& expansions);

/// The forms of the given expansions that occur in text (as the index
/// compares words: case-insensitive), in the order of the expansions.
std::vector<std::string> matched_aliases(const std::vector<AliasExpansion>& expansions,
                                         std::string_view text);

}  // namespace dossier
