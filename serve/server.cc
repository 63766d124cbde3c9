#include "server.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "assets.h"
#include "compare.h"
#include "dossier/error.h"
#include "dossier/printers.h"
#include "dossier/request.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"

namespace dossier {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

/// An answer with an HTTP status other than 200.
class HttpError : public Error {
  public:
    HttpError(int status, const std::string& message) : Error(message), status_(status) {}
    int status() const { return status_; }

  private:
    int status_;
};

// The page may run its own script and style, fetch the API, and nothing else.
const char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const char* mime_type(const std::string& name) {
    auto ends = [&](const char* suffix) {
        std::string s(suffix);
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".js")) return "text/javascript; charset=utf-8";
    if (ends(".png")) return "image/png";
    return "application/octet-stream";
}

/// The JSON body of an error, with the same one-line message the command
/// line prints.
std::string error_body(int status, const std::string& message) {
    json j = {{"schema_version", kJsonSchemaVersion}, {"error", message}, {"status", status}};
    return j.dump() + "\n";
}

void set_error(httplib::Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_content(error_body(status, message), "application/json");
}

/// The request member a query-string parameter sets, in RequestSyntax::kJson
/// names: "q" is the query, filters go by their own name ("type", "since").
std::string member_of(const std::string& parameter, const RequestBuilder& builder) {
    if (parameter == "q") return "query";
    if (builder.has_member("filters." + parameter)) return "filters." + parameter;
    if (parameter.rfind("filters.", 0) != 0 && builder.has_member(parameter)) return parameter;
    throw QueryError("unknown parameter '" + parameter + "'");
}

/// The docid a compare parameter names: digits only (never a path). A
/// number too large for a docid names no document, as on the command line.
Xapian::docid docid_parameter(const std::string& name, const std::string& value) {
    const bool numeric = !value.empty() && value.size() <= 20 &&
                         std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!numeric) throw QueryError("bad docid '" + value + "' in \"" + name + "\": expected a number");
    const unsigned long long id = std::stoull(value);
    if (id == 0 || id > 0xffffffffULL) throw NotFoundError("no document with docid " + value);
    return static_cast<Xapian::docid>(id);
}

// The time each request started, on the thread that answers it.
thread_local Clock::time_point t_request_start;
thread_local bool t_started = false;

}  // namespace

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct Server::Impl {
    explicit Impl(const ServeOptions& o) : options(o) {}

    ServeOptions options;
    httplib::Server http;
    int port = 0;
    std::vector<std::string> allowed_hosts;  // Host headers accepted; empty: any

    // Searchers are not thread-safe: one per thread that answers, opened on
    // its first request and again after a database error.
    std::mutex searchers_mutex;
    std::map<std::thread::id, std::unique_ptr<Searcher>> searchers;

    Searcher& searcher() {
        const auto id = std::this_thread::get_id();
        {
            std::lock_guard<std::mutex> lock(searchers_mutex);
            auto it = searchers.find(id);
            if (it != searchers.end()) return *it->second;
        }
        std::unique_ptr<Searcher> opened;
        try {
            opened = std::make_unique<Searcher>(options.db_paths);
            opened->set_time_limit(options.time_limit_seconds);
        } catch (const Error& e) {
            throw HttpError(503, e.what());
        }
        std::lock_guard<std::mutex> lock(searchers_mutex);
        return *(searchers[id] = std::move(opened));
    }

    void forget_searcher() {
        std::lock_guard<std::mutex> lock(searchers_mutex);
        searchers.erase(std::this_thread::get_id());
    }

    /// Runs answer(res), mapping errors to statuses: a bad request 400, an
    /// unknown document 404, a database that cannot be read or a search
    /// past its time limit 503.
    template <class Answer>
    void guarded(httplib::Response& res, Answer answer) {
        try {
            answer(res);
        } catch (const HttpError& e) {
            set_error(res, e.status(), e.what());
        } catch (const QueryError& e) {
            set_error(res, 400, e.what());
        } catch (const NotFoundError& e) {
            set_error(res, 404, e.what());
        } catch (const TimeLimitError& e) {
            // The search was stopped; the server and its database are fine.
            set_error(res, 503, e.what());
        } catch (const Error& e) {
            // The database went away or keeps changing: open it afresh next time.
            forget_searcher();
            set_error(res, 503, e.what());
        } catch (const std::exception& e) {
            forget_searcher();
            set_error(res, 500, std::string("internal error: ") + e.what());
        }
    }

    /// The request a query string asks for, through the one request schema.
    BatchRequest request_of(const httplib::Request& req, bool timeline) const {
        RequestBuilder builder(BatchRequest{}, RequestSyntax::kJson);
        // Parameters in order of name, each name's values in the order given.
        std::map<std::string, std::vector<std::string>> values;
        for (const auto& [name, value] : req.params) values[member_of(name, builder)].push_back(value);
        for (const auto& [member, given] : values) {
            if (member == "query") {
                for (const auto& text : given)
                    if (text.size() > options.max_query_bytes)
                        throw QueryError("query too long: " + std::to_string(text.size()) +
                                         " bytes, at most " + std::to_string(options.max_query_bytes));
            }
            builder.set(member, given);
        }
        if (timeline) builder.set("timeline", {"true"});
        BatchRequest request = builder.finish();
        if (request.search.paging.limit > options.max_limit)
            throw QueryError("\"limit\" must be at most " + std::to_string(options.max_limit) +
                             " here: " + std::to_string(request.search.paging.limit) + " asked");
        if (request.search.presentation.passages > options.max_passages)
            throw QueryError("\"passages\" must be at most " + std::to_string(options.max_passages) +
                             " here: " + std::to_string(request.search.presentation.passages) + " asked");
        if (request.count) request.search.paging.limit = 0;
        return request;
    }

    void search(const httplib::Request& req, httplib::Response& res, bool timeline) {
        guarded(res, [&](httplib::Response& out) {
            BatchRequest request = request_of(req, timeline);
            // Each request reads the latest committed revision (Searcher reopens).
            SearchResults results = searcher().search(request.search);
            JsonPrinter printer;
            std::ostringstream body;
            if (request.count) {
                printer.print_count(results, body);
            } else {
                printer.print_results(results, body);
            }
            out.set_content(body.str(), "application/json");
        });
    }

    void document(const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&](httplib::Response& out) {
            const std::string what = req.matches[1];
            // Docids only: anything else names no document (never a path).
            const bool numeric = !what.empty() && what.size() <= 10 &&
                                 std::all_of(what.begin(), what.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!numeric || std::stoull(what) == 0 || std::stoull(what) > 0xffffffffULL)
                throw NotFoundError("no document with docid '" + what + "'");
            Document doc = searcher().get_document(static_cast<Xapian::docid>(std::stoull(what)));
            JsonPrinter printer;
            std::ostringstream text, why;
            printer.print_document(doc, text);
            printer.print_date_explanation(doc, why);
            json j = json::parse(text.str());
            json explanation = json::parse(why.str());
            explanation.erase("schema_version");
            j["origin"] = explanation;
            out.set_content(j.dump() + "\n", "application/json");
        });
    }

    /// GET /api/compare?a=DOCID&b=DOCID[&q=QUERY]: the object of
    /// dossier-search --compare A B [QUERY] --json, by the same printer.
    void compare(const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&](httplib::Response& out) {
            std::map<std::string, std::vector<std::string>> values;
            for (const auto& [name, value] : req.params) {
                if (name != "a" && name != "b" && name != "q")
                    throw QueryError("unknown parameter '" + name + "': expected a, b and q");
                values[name].push_back(value);
            }
            for (const auto& [name, given] : values)
                if (given.size() > 1)
                    throw QueryError("\"" + name + "\" takes one value, not " + std::to_string(given.size()));
            for (const char* name : {"a", "b"})
                if (!values.count(name))
                    throw QueryError(std::string("missing parameter '") + name + "': /api/compare?a=DOCID&b=DOCID");
            const std::string query = values.count("q") ? values["q"].front() : std::string();
            if (query.size() > options.max_query_bytes)
                throw QueryError("query too long: " + std::to_string(query.size()) + " bytes, at most " +
                                 std::to_string(options.max_query_bytes));
            const Xapian::docid a = docid_parameter("a", values["a"].front());
            const Xapian::docid b = docid_parameter("b", values["b"].front());
            Searcher& s = searcher();
            DocumentComparison comparison = compare_documents(s.get_document(a), s.get_document(b), query);
            std::ostringstream body;
            print_comparison_json(comparison, body);
            out.set_content(body.str(), "application/json");
        });
    }

    void health(httplib::Response& res) {
        guarded(res, [&](httplib::Response& out) {
            Searcher& s = searcher();
            s.reopen();
            json j = {{"schema_version", kJsonSchemaVersion},
                      {"status", "ok"},
                      {"databases", options.db_paths.size()},
                      {"documents", s.doc_count()}};
            out.set_content(j.dump() + "\n", "application/json");
        });
    }

    void asset(const std::string& name, httplib::Response& res) {
        for (std::size_t i = 0; i < kAssetCount; ++i) {
            if (name != kAssets[i].name) continue;
            res.set_content(reinterpret_cast<const char*>(kAssets[i].data), kAssets[i].size, mime_type(name));
            res.set_header("Cache-Control", "no-cache");
            return;
        }
        set_error(res, 404, "no such page: /" + name);
    }

    /// Host header check against DNS rebinding: on a loopback address only
    /// the loopback names with our port are answered.
    bool host_allowed(const httplib::Request& req) const {
        if (allowed_hosts.empty()) return true;
        const std::string host = req.get_header_value("Host");
        return std::find(allowed_hosts.begin(), allowed_hosts.end(), host) != allowed_hosts.end();
    }

    void configure() {
        http.new_task_queue = [this] { return new httplib::ThreadPool(static_cast<size_t>(options.threads)); };
        http.set_payload_max_length(options.max_body_bytes);
        http.set_read_timeout(options.read_timeout_seconds, 0);
        http.set_write_timeout(options.write_timeout_seconds, 0);
        http.set_keep_alive_timeout(5);
        // An answer goes out in more than one write (headers, then body): with
        // Nagle's algorithm the second waits for the client's delayed ACK,
        // which adds 40 ms to every answer on a kept-alive connection.
        http.set_tcp_nodelay(true);
        http.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                                  {"X-Content-Type-Options", "nosniff"},
                                  {"X-Frame-Options", "DENY"},
                                  {"Referrer-Policy", "no-referrer"},
                                  {"Cross-Origin-Resource-Policy", "same-origin"}});
        http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            t_request_start = Clock::now();
            t_started = true;
            if (!host_allowed(req)) {
                set_error(res, 403, "forbidden Host header '" + req.get_header_value("Host") +
                                        "': this server answers only to its loopback address");
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        using Req = httplib::Request;
        using Res = httplib::Response;
        http.Get("/api/search", [this](const Req& req, Res& res) { search(req, res, false); });
        http.Get("/api/timeline", [this](const Req& req, Res& res) { search(req, res, true); });
        http.Get("/api/compare", [this](const Req& req, Res& res) { compare(req, res); });
        http.Get("/api/doc/(.*)", [this](const Req& req, Res& res) { document(req, res); });
        http.Get("/api/health", [this](const httplib::Request&, httplib::Response& res) { health(res); });
        http.Get("/", [this](const httplib::Request&, httplib::Response& res) { asset("index.html", res); });
        http.Get("/(app\\.js|app\\.css|syntax\\.html)",
                 [this](const httplib::Request& req, httplib::Response& res) { asset(req.matches[1], res); });
        // Read-only: every other method is refused.
        const auto refuse = [](const httplib::Request& req, httplib::Response& res) {
            set_error(res, 405, "method " + req.method + " not allowed: the server is read-only");
            res.set_header("Allow", "GET, HEAD");
        };
        http.Post(".*", refuse);
        http.Put(".*", refuse);
        http.Patch(".*", refuse);
        http.Delete(".*", refuse);
        http.Options(".*", refuse);
        // Errors that no handler wrote (unknown path, method, oversize
        // request) get a JSON body too.
        http.set_error_handler(httplib::Server::HandlerWithResponse([](const Req& req, Res& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            std::string message;
            switch (res.status) {
                case 404: message = "no such page: " + req.path; break;
                case 405: message = "method " + req.method + " not allowed: the server is read-only"; break;
                case 413: message = "request body too large"; break;
                case 414: message = "request too long"; break;
                default: message = "bad request (HTTP " + std::to_string(res.status) + ")"; break;
            }
            set_error(res, res.status, message);
            return httplib::Server::HandlerResponse::Handled;
        }));
        http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            std::string ms = "-";
            if (t_started) {
                const auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t_request_start);
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, "%.1f", elapsed.count());
                ms = buffer;
                t_started = false;
            }
            std::string path = req.path.size() > 200 ? req.path.substr(0, 200) + "..." : req.path;
            for (char& c : path)
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
            if (path.empty()) path = "-";
            std::fprintf(stderr, "%s %s %d %sms\n", req.method.empty() ? "-" : req.method.c_str(), path.c_str(),
                         res.status, ms.c_str());
        });
    }
};

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) { impl_->configure(); }

Server::~Server() = default;

int Server::bind() {
    const ServeOptions& o = impl_->options;
    const std::string where = o.host + ":" + std::to_string(o.port);
    int port = o.port;
    if (port == 0) {
        port = impl_->http.bind_to_any_port(o.host);
        if (port < 0) throw Error("cannot listen on " + where);
    } else if (!impl_->http.bind_to_port(o.host, port)) {
        throw Error("cannot listen on " + where + " (address in use or not available)");
    }
    impl_->port = port;
    if (is_loopback(o.host)) {
        const std::string p = ":" + std::to_string(port);
        impl_->allowed_hosts = {"localhost" + p, "127.0.0.1" + p, "[::1]" + p};
        if (o.host != "localhost" && o.host != "127.0.0.1" && o.host != "::1")
            impl_->allowed_hosts.push_back(o.host + p);
    }
    return port;
}

bool Server::run() { return impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace dossier
