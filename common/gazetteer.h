#pragma once
// Internal to libdossier: the gazetteer of the names of countries and
// security organisations, finding them in text, and the canonical values of
// the country: and entity: filters. Index side: indexer/entities.h; query
// side: searcher/aliases.h.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"

namespace dossier {

namespace gazetteer_internal {
class FormSource;
}  // namespace gazetteer_internal

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

/// The names of countries and organisations. Immutable once built; the
/// built-in one is shared and safe to use from several threads.
class Gazetteer {
  public:
    /// The gazetteer compiled into the library from data/gazetteer.tsv.
    static const Gazetteer& builtin();

    /// Reads a gazetteer in the TSV format of data/gazetteer.tsv. Throws
    /// dossier::Error naming the line of a malformed entry.
    static Gazetteer parse(std::string_view tsv);
    /// The same, taking the folded forms of the names from forms instead of
    /// computing them (the built-in gazetteer reads the forms recorded when
    /// the library was built). Throws as parse() does.
    static Gazetteer parse(std::string_view tsv, gazetteer_internal::FormSource& forms);
    /// The entries of a gazetteer in TSV form, checked but without lookup
    /// tables. Throws as parse() does.
    static std::vector<Entity> read_entities(std::string_view tsv);
    /// A gazetteer of entities already read, taking the folded forms of
    /// their names from forms (what parse() does after read_entities()).
    static Gazetteer from_entities(std::vector<Entity> entities, gazetteer_internal::FormSource& forms);

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

/// The folded value a country: filter compares with: the display name of
/// the country an id or alias stands for ("ROK", "south-korea" ->
/// "south korea"), else fold_filter_value(value).
std::string country_filter_value(std::string_view value);

/// The value an entity: filter compares with: the id of the entity a name
/// stands for ("NATO" -> "nato", "ROK" -> "south-korea"), else the folded value with
/// spaces as '-'.
std::string entity_filter_value(std::string_view value);

}  // namespace dossier
