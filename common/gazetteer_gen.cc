// Build tool: writes the source of the built-in gazetteer (gazetteer_data.cc)
// from data/gazetteer.tsv: the file itself, its entries as constant arrays,
// and the folded forms of its names in the order Gazetteer::parse() asks
// for them, so that the library reads them back at run time
// (gazetteer_builtin.cc) instead of parsing and folding.
//
//   dossier-gazetteer-gen IN.tsv OUT.cc
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "dossier/error.h"
#include "gazetteer.h"
#include "gazetteer_impl.h"

namespace {

using namespace dossier;

/// Computes each form and keeps a copy, in order.
class RecordingForms : public gazetteer_internal::FormSource {
  public:
    std::vector<std::string> words(std::string_view text, bool fold_case) override {
        std::vector<std::string> out = computed_.words(text, fold_case);
        recorded.push_back(out);
        return out;
    }

    std::string folded(std::string_view text) override {
        std::string out = computed_.folded(text);
        recorded.push_back({out});
        return out;
    }

    std::vector<std::vector<std::string>> recorded;

  private:
    gazetteer_internal::ComputedForms computed_;
};

/// s as a C++ string literal; octal escapes outside printable ASCII, which
/// cannot run into the next character as hex escapes can.
std::string literal(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f && c != '?') {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03o", c);
            out += buf;
        }
    }
    return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: dossier-gazetteer-gen IN.tsv OUT.cc\n";
        return 2;
    }
    try {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) throw Error(std::string("cannot read ") + argv[1]);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        const std::string tsv = buffer.str();
        if (tsv.find(")gazetteer\"") != std::string::npos)
            throw Error(std::string(argv[1]) + " holds the end marker of the raw string");
        RecordingForms forms;
        const Gazetteer g = Gazetteer::parse(tsv, forms);

        auto kind = [](EntityKind k) {
            switch (k) {
                case EntityKind::kCountry: return "EntityKind::kCountry";
                case EntityKind::kOrganisation: return "EntityKind::kOrganisation";
                case EntityKind::kNone: break;
            }
            return "EntityKind::kNone";
        };
        auto name = [](const EntityName& n) {
            return "{" + literal(n.text) + ", " + (n.exact ? "true" : "false") + ", " +
                   (n.guarded ? "true" : "false") + "},\n";
        };
        std::string entities, names, context;
        std::size_t name_count = 0, context_count = 0;
        for (const Entity& e : g.entities()) {
            entities += "    {" + literal(e.id) + ", " + kind(e.kind) + ", " + std::to_string(e.aliases.size()) +
                        ", " + std::to_string(e.adjectives.size()) + ", " + std::to_string(e.mentions.size()) +
                        ", " + std::to_string(e.context.size()) + "},\n";
            names += "    " + name(e.name);
            for (const auto* list : {&e.aliases, &e.adjectives, &e.mentions})
                for (const EntityName& n : *list) names += "    " + name(n);
            name_count += 1 + e.aliases.size() + e.adjectives.size() + e.mentions.size();
            for (const std::string& c : e.context) context += "    " + literal(c) + ",\n";
            context_count += e.context.size();
        }
        std::string words, ends;
        std::size_t word_count = 0;
        for (const auto& form : forms.recorded) {
            for (const auto& w : form) words += "    " + literal(w) + ",\n";
            word_count += form.size();
            ends += "    " + std::to_string(word_count) + ",\n";
        }

        std::ostringstream out;
        out << "// Generated from data/gazetteer.tsv by dossier-gazetteer-gen: do not edit.\n"
            << "#include <cstddef>\n\n#include \"gazetteer_impl.h\"\n\n"
            << "namespace dossier {\nnamespace detail {\n"
            << "extern const char* const kGazetteerTsv;\n"
            << "const char* const kGazetteerTsv = R\"gazetteer(" << tsv << ")gazetteer\";\n"
            << "}  // namespace detail\n\nnamespace gazetteer_internal {\nnamespace {\n"
            << "const RecordedEntity kEntities[] = {\n" << entities << "    {nullptr, EntityKind::kNone, 0, 0, 0, 0},\n};\n"
            << "const RecordedName kNames[] = {\n" << names << "    {nullptr, false, false},\n};\n"
            << "const char* const kContext[] = {\n" << context << "    nullptr,\n};\n"
            << "const char* const kFormWords[] = {\n" << words << "    nullptr,\n};\n"
            << "const std::size_t kFormEnds[] = {\n" << ends << "    0,\n};\n"
            << "}  // namespace\n\n"
            << "const Recorded& recorded_gazetteer() {\n"
            << "    static const Recorded recorded = {kEntities, " << g.entities().size() << ", kNames, " << name_count
            << ", kContext, " << context_count << ", kFormWords, kFormEnds, " << forms.recorded.size() << "};\n"
            << "    return recorded;\n}\n\n"
            << "}  // namespace gazetteer_internal\n}  // namespace dossier\n";
        std::ofstream file(argv[2], std::ios::binary | std::ios::trunc);
        file << out.str();
        if (!file.flush()) throw Error(std::string("cannot write ") + argv[2]);
    } catch (const std::exception& e) {
        std::cerr << "dossier-gazetteer-gen: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
