// The gazetteer compiled into the library, and the filter values it decides. Its folded forms were recorded
// from data/gazetteer.tsv when the library was built (gazetteer_gen.cc), so
// a process that widens query words reads them back instead of folding
// every name at start-up.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/error.h"
#include "gazetteer.h"
#include "gazetteer_impl.h"
#include "text.h"

namespace dossier {

namespace detail {
extern const char* const kGazetteerTsv;
extern const char* const kGazetteerForms[];
extern const std::size_t kGazetteerFormCount;
}  // namespace detail

namespace {

/// The recorded forms, read back in the order parse() asks for them.
class RecordedForms : public gazetteer_internal::FormSource {
  public:
    std::vector<std::string> words(std::string_view, bool) override {
        std::string_view joined = next();
        std::vector<std::string> out;
        while (!joined.empty()) {
            std::size_t sep = joined.find(gazetteer_internal::kFormSeparator);
            out.emplace_back(joined.substr(0, sep));
            if (sep == std::string_view::npos) break;
            joined.remove_prefix(sep + 1);
        }
        return out;
    }

    std::string folded(std::string_view) override { return std::string(next()); }

    bool all_read() const { return next_ == detail::kGazetteerFormCount; }

  private:
    std::string_view next() {
        if (next_ >= detail::kGazetteerFormCount)
            throw Error("built-in gazetteer: its recorded forms do not match its names");
        return detail::kGazetteerForms[next_++];
    }

    std::size_t next_ = 0;
};

}  // namespace

const Gazetteer& Gazetteer::builtin() {
    // Never destroyed: freeing its maps would only slow every exit.
    static const Gazetteer& gazetteer = *[] {
        RecordedForms forms;
        auto* g = new Gazetteer(parse(detail::kGazetteerTsv, forms));
        if (!forms.all_read()) throw Error("built-in gazetteer: its recorded forms do not match its names");
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
