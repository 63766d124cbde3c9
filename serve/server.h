#pragma once
// The HTTP front end of dossier-serve: the JSON API over the one request
// schema (dossier/request.h) and the JSON printer, and the embedded page.
// Internal to the tool; the library knows nothing of HTTP.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace dossier {

/// How dossier-serve listens and what it allows.
struct ServeOptions {
    std::vector<std::string> db_paths;  ///< Databases searched as one (folders or tcp://).
    std::string host = "127.0.0.1";     ///< Address to listen on.
    int port = 8080;                    ///< Port; 0 picks a free one.
    int threads = 4;                    ///< Requests answered at once.
    std::size_t max_query_bytes = 1024;  ///< Longest query text ("q").
    std::size_t max_body_bytes = 4096;   ///< Largest request body accepted.
    std::size_t max_limit = 100;         ///< Most hits one request may ask for.
    std::size_t max_passages = 20;       ///< Most passages per hit one request may ask for.
    int read_timeout_seconds = 5;        ///< Time a client has to send its request.
    int write_timeout_seconds = 10;      ///< Time a client has to read the answer.
    double time_limit_seconds = 10;      ///< Time one search may take (0 for none).
};

/// Whether host is a loopback address or name (127.x.x.x, ::1, localhost).
bool is_loopback(const std::string& host);

/// The server: bind(), then run() until stop() (from any thread).
class Server {
  public:
    explicit Server(const ServeOptions& options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds the listening socket and returns the port bound. Throws
    /// dossier::Error naming the address when it cannot be bound.
    int bind();

    /// Answers requests until stop(). Returns false when listening failed.
    bool run();

    /// Stops run(): no new connection is accepted, answers in progress end.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
