#include "options.h"

#include <charconv>
#include <sstream>
#include <vector>

#include "dossier/db_path.h"
#include "dossier/error.h"
#include "tool_options.h"

namespace dossier {

namespace po = boost::program_options;

void parse_listen(const std::string& value, ServeOptions& options) {
    const auto bad = [&](const std::string& why) {
        return Error("bad --listen '" + value + "': " + why + " (expected ADDR:PORT, e.g. 127.0.0.1:8080)");
    };
    const std::size_t colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0) throw bad("no address and port");
    std::string host = value.substr(0, colon);
    const std::string port = value.substr(colon + 1);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') throw bad("unclosed [");
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string::npos) {
        throw bad("write an IPv6 address in brackets");
    }
    int n = -1;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
    if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || n < 0 || n > 65535)
        throw bad("the port must be a number from 0 to 65535");
    options.host = host;
    options.port = n;
}

ServeCommand parse_serve_command(int argc, char** argv) {
    ServeCommand cmd;
    std::string listen = "127.0.0.1:8080";
    ToolOptions options(
        "Usage: dossier-serve [options]\n"
        "Serve a search page and a JSON API (/api/search, /api/timeline, /api/doc/DOCID,\n"
        "/api/health) over Dossier databases. Read-only, without authentication: it listens\n"
        "on the loopback address unless --listen says otherwise.\n"
        "Options");
    options.add()
        ("db", po::value<std::vector<std::string>>(&cmd.options.db_paths),
         "database folder or tcp://HOST:PORT, repeatable (default: $DOSSIER_DB or ./dossier.db)")
        ("listen", po::value<std::string>(&listen), "ADDR:PORT to listen on (default 127.0.0.1:8080; port 0 picks one)")
        ("threads", po::value<int>(&cmd.options.threads), "requests answered at once (default 4)")
        ("time-limit", po::value<double>(&cmd.options.time_limit_seconds),
         "SECONDS one search may take before it stops with an error (default 10; 0 for none)");
    options.parse(argc, argv);
    cmd.help = options.help();
    cmd.version = options.version();
    if (cmd.help) cmd.help_text = options.help_text();
    if (cmd.help || cmd.version) return cmd;
    parse_listen(listen, cmd.options);
    if (cmd.options.threads < 1 || cmd.options.threads > 256)
        throw Error("bad --threads " + std::to_string(cmd.options.threads) + ": expected 1 to 256");
    if (!(cmd.options.time_limit_seconds >= 0) || cmd.options.time_limit_seconds > 86400) {
        std::ostringstream value;
        value << cmd.options.time_limit_seconds;
        throw Error("bad --time-limit " + value.str() + ": expected 0 (none) or seconds up to 86400");
    }
    if (cmd.options.db_paths.empty()) cmd.options.db_paths.push_back(default_db_path());
    return cmd;
}

}  // namespace dossier
