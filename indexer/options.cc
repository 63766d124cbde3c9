#include "options.h"

#include "dossier/db_path.h"
#include "dossier/error.h"
#include "tool_options.h"

namespace dossier {

namespace po = boost::program_options;

IndexCommand parse_index_command(int argc, char** argv) {
    IndexCommand cmd;
    if (ToolOptions::only_version(argc, argv)) {
        cmd.version = true;
        return cmd;
    }
    std::string db;
    // Unsigned options are read signed: Boost would wrap "-1" around.
    long long batch_size = 2000, threads = 0, memory = 256;
    double progress_interval = 5;
    bool no_ocr = false;
    ToolOptions options(
        "Usage: dossier-index [options] PATH...\n"
        "Index files and folders (.txt, .md, .html and their .gz) into a Dossier database.\n"
        "Options");
    options.add()
        ("db", po::value<std::string>(&db), "database folder (default: $DOSSIER_DB or ./dossier.db)")
        ("full", po::bool_switch(&cmd.indexer.full), "re-index every file, changed or not")
        ("keep-deleted", po::bool_switch(&cmd.indexer.keep_deleted),
         "keep documents whose files are gone")
        ("exclude", po::value<std::vector<std::string>>(&cmd.indexer.exclude)->composing(),
         "skip what GLOB matches (.dossierignore syntax, relative to each PATH); repeatable")
        ("batch-size", po::value<long long>(&batch_size)->default_value(2000),
         "documents per commit (and at most per shard of a new database)")
        ("threads", po::value<long long>(&threads)->default_value(0),
         "worker threads (default 0: one per hardware thread)")
        ("memory", po::value<long long>(&memory)->default_value(256),
         "approximate memory bound in MiB for documents not yet on disk")
        ("no-ocr", po::bool_switch(&no_ocr),
         "do not read PDF pages without a text layer (scans) with OCR")
        ("stdin-jsonl", po::bool_switch(&cmd.stdin_jsonl),
         "index documents given as JSON lines on stdin instead of files")
        ("json", po::bool_switch(&cmd.json), "print the summary as one JSON object")
        ("progress", po::bool_switch(&cmd.progress),
         "print a progress line every few seconds even when stderr is not a terminal")
        ("progress-interval", po::value<double>(&progress_interval)->default_value(5),
         "seconds between two progress lines of --progress");
    options.positional("path", &cmd.roots);
    options.parse(argc, argv);
    cmd.help = options.help();
    cmd.version = options.version();
    if (cmd.help) cmd.help_text = options.help_text();
    if (cmd.help || cmd.version) return cmd;
    if (cmd.stdin_jsonl && !cmd.roots.empty())
        throw Error("--stdin-jsonl reads the documents from standard input: give no PATH");
    if (!cmd.stdin_jsonl && cmd.roots.empty()) throw Error("no PATH to index (see --help)");
    if (batch_size < 1 || batch_size > 100000000) throw Error("--batch-size must be 1 to 100000000");
    if (threads < 0 || threads > 1024) throw Error("--threads must be 0 to 1024");
    if (memory < 16 || memory > 1048576) throw Error("--memory must be 16 to 1048576 (MiB)");
    if (!(progress_interval >= 0 && progress_interval <= 86400))
        throw Error("--progress-interval must be 0 to 86400 (seconds)");
    if (cmd.stdin_jsonl && !cmd.indexer.exclude.empty())
        throw Error("--exclude applies to files: not with --stdin-jsonl");
    for (const auto& pattern : cmd.indexer.exclude)
        if (pattern.find_first_not_of(" /!") == std::string::npos)
            throw Error("--exclude '" + pattern + "' has no pattern");
    cmd.progress_interval = progress_interval;
    cmd.indexer.ocr = !no_ocr;
    cmd.indexer.batch_size = static_cast<std::size_t>(batch_size);
    cmd.indexer.threads = static_cast<unsigned>(threads);
    cmd.indexer.memory_mb = static_cast<std::size_t>(memory);
    cmd.indexer.db_path = db.empty() ? default_db_path() : db;
    return cmd;
}

}  // namespace dossier
