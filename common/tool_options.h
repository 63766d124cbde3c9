#pragma once
// Command-line parsing shared by the tools (dossier-index, dossier-search)
// over Boost.Program_options. Only the tools link it: libdossier does not
// depend on Boost.

#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace dossier {

/// A tool's options: its own visible ones, --help and --version, and its
/// positional arguments.
class ToolOptions {
  public:
    /// caption starts the usage text: "Usage: ...", what the tool does,
    /// then "Options".
    explicit ToolOptions(const std::string& caption);
    ToolOptions(const ToolOptions&) = delete;
    ToolOptions& operator=(const ToolOptions&) = delete;

    /// Adds visible options, as options_description::add_options().
    boost::program_options::options_description_easy_init add();

    /// Collects the positional arguments, in order, as option name into
    /// *values (which must outlive parse()).
    void positional(const char* name, std::vector<std::string>* values);

    /// Parses argv, --help (-h) and --version included, and stores the
    /// values. Throws dossier::Error "REASON (see --help)" on a bad option.
    boost::program_options::variables_map parse(int argc, char** argv);

    bool help() const { return help_; }        ///< --help was given (after parse()).
    bool version() const { return version_; }  ///< --version was given (after parse()).

    /// True when the only argument is --version: the tool can print its
    /// version before building its options, which costs more than the
    /// rest of such a run.
    static bool only_version(int argc, char** argv);

    /// The usage text: the caption and every visible option.
    std::string help_text() const;

  private:
    boost::program_options::options_description visible_;
    boost::program_options::options_description hidden_;
    boost::program_options::positional_options_description positional_;
    bool help_ = false;
    bool version_ = false;
};

}  // namespace dossier
