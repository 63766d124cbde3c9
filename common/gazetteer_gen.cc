// Build tool: writes the source of the built-in gazetteer (gazetteer_data.cc)
// from data/gazetteer.tsv: the file itself, and the folded forms of its
// names in the order Gazetteer::parse() asks for them, so that the library
// reads them back at run time (gazetteer_builtin.cc) instead of folding.
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
        std::string joined;
        for (const auto& w : out) {
            if (w.find(gazetteer_internal::kFormSeparator) != std::string::npos)
                throw Error("a word of '" + std::string(text) + "' holds the form separator");
            if (!joined.empty()) joined += gazetteer_internal::kFormSeparator;
            joined += w;
        }
        recorded.push_back(std::move(joined));
        return out;
    }

    std::string folded(std::string_view text) override {
        std::string out = computed_.folded(text);
        recorded.push_back(out);
        return out;
    }

    std::vector<std::string> recorded;

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
        Gazetteer::parse(tsv, forms);

        std::ostringstream out;
        out << "// Generated from data/gazetteer.tsv by dossier-gazetteer-gen: do not edit.\n"
            << "#include <cstddef>\n\nnamespace dossier {\nnamespace detail {\n"
            << "extern const char* const kGazetteerTsv;\n"
            << "extern const char* const kGazetteerForms[];\n"
            << "extern const std::size_t kGazetteerFormCount;\n"
            << "const char* const kGazetteerTsv = R\"gazetteer(" << tsv << ")gazetteer\";\n"
            << "const char* const kGazetteerForms[] = {\n";
        for (const auto& form : forms.recorded) out << "    " << literal(form) << ",\n";
        out << "    nullptr,\n};\n"
            << "const std::size_t kGazetteerFormCount = " << forms.recorded.size() << ";\n"
            << "}  // namespace detail\n}  // namespace dossier\n";
        std::ofstream file(argv[2], std::ios::binary | std::ios::trunc);
        file << out.str();
        if (!file.flush()) throw Error(std::string("cannot write ") + argv[2]);
    } catch (const std::exception& e) {
        std::cerr << "dossier-gazetteer-gen: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
