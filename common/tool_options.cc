#include "tool_options.h"

#include <sstream>
#include <string_view>

#include "dossier/error.h"

namespace dossier {

namespace po = boost::program_options;

ToolOptions::ToolOptions(const std::string& caption) : visible_(caption) {}

po::options_description_easy_init ToolOptions::add() { return visible_.add_options(); }

void ToolOptions::positional(const char* name, std::vector<std::string>* values) {
    hidden_.add_options()(name, po::value<std::vector<std::string>>(values));
    positional_.add(name, -1);
}

po::variables_map ToolOptions::parse(int argc, char** argv) {
    // Listed last in the usage text, as every tool ends it.
    visible_.add_options()
        ("help,h", po::bool_switch(&help_), "show this help")
        ("version", po::bool_switch(&version_), "show the version");
    po::options_description all;
    all.add(visible_).add(hidden_);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional_).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw Error(std::string(e.what()) + " (see --help)");
    }
    return vm;
}

bool ToolOptions::only_version(int argc, char** argv) {
    return argc == 2 && std::string_view(argv[1]) == "--version";
}

std::string ToolOptions::help_text() const {
    std::ostringstream out;
    out << visible_;
    return out.str();
}

}  // namespace dossier
