// The gazetteer compiled into the library, and the filter values it decides.
// Its entries and the folded forms of its names were recorded from
// data/gazetteer.tsv when the library was built (gazetteer_gen.cc), so a
// process that widens query words reads them back instead of parsing the
// file and folding every name at start-up.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dossier/error.h"
#include "gazetteer.h"
#include "gazetteer_impl.h"
#include "text.h"

namespace dossier {

namespace {

using gazetteer_internal::Recorded;

[[noreturn]] void drifted() {
    throw Error("built-in gazetteer: its recorded tables do not match each other");
}

/// The recorded entries as Entity values.
std::vector<Entity> recorded_entities(const Recorded& r) {
    std::vector<Entity> entities(r.entity_count);
    std::size_t name = 0, context = 0;
    auto names = [&](std::size_t n) {
        if (name + n > r.name_count) drifted();
        std::vector<EntityName> out;
        out.reserve(n);
        for (std::size_t end = name + n; name < end; ++name)
            out.push_back({r.names[name].text, r.names[name].exact, r.names[name].guarded});
        return out;
    };
    for (std::size_t i = 0; i < r.entity_count; ++i) {
        const gazetteer_internal::RecordedEntity& raw = r.entities[i];
        Entity& e = entities[i];
        e.id = raw.id;
        e.kind = raw.kind;
        e.name = std::move(names(1).front());
        e.aliases = names(raw.aliases);
        e.adjectives = names(raw.adjectives);
        e.mentions = names(raw.mentions);
        if (context + raw.context > r.context_count) drifted();
        e.context.assign(r.context + context, r.context + context + raw.context);
        context += raw.context;
    }
    if (name != r.name_count || context != r.context_count) drifted();
    return entities;
}

/// The recorded forms, read back in the order from_entities() asks for them.
class RecordedForms : public gazetteer_internal::FormSource {
  public:
    explicit RecordedForms(const Recorded& r) : r_(r) {}

    std::vector<std::string> words(std::string_view, bool) override {
        auto [begin, end] = next();
        return std::vector<std::string>(r_.form_words + begin, r_.form_words + end);
    }

    std::string folded(std::string_view) override {
        auto [begin, end] = next();
        if (end != begin + 1) drifted();
        return r_.form_words[begin];
    }

    bool all_read() const { return next_ == r_.form_count; }

  private:
    std::pair<std::size_t, std::size_t> next() {
        if (next_ >= r_.form_count) drifted();
        const std::size_t begin = next_ == 0 ? 0 : r_.form_ends[next_ - 1];
        return {begin, r_.form_ends[next_++]};
    }

    const Recorded& r_;
    std::size_t next_ = 0;
};

}  // namespace

const Gazetteer& Gazetteer::builtin() {
    // Never destroyed: freeing its maps would only slow every exit.
    static const Gazetteer& gazetteer = *[] {
        const Recorded& recorded = gazetteer_internal::recorded_gazetteer();
        RecordedForms forms(recorded);
        auto* g = new Gazetteer(from_entities(recorded_entities(recorded), forms));
        if (!forms.all_read()) drifted();
        return g;
    }();
    return gazetteer;
}

std::string country_filter_value(std::string_view value) {
    const Entity* e = Gazetteer::builtin().lookup(value);
    if (e && e->kind == EntityKind::kCountry) return fold_filter_value(e->name.text);
    return fold_filter_value(value);
}

std::string entity_filter_value(std::string_view value) {
    if (const Entity* e = Gazetteer::builtin().lookup(value)) return e->id;
    std::string folded = fold_filter_value(value);
    std::replace(folded.begin(), folded.end(), ' ', '-');
    return folded;
}

}  // namespace dossier
