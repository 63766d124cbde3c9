// dossier-serve: parse flags, bind, answer HTTP requests until SIGINT or
// SIGTERM; exit 0 after a clean stop, 2 on an error.

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "dossier/error.h"
#include "dossier/version.h"
#include "options.h"
#include "server.h"

int main(int argc, char** argv) {
    try {
        dossier::ServeCommand cmd = dossier::parse_serve_command(argc, argv);
        if (cmd.help) {
            std::cout << cmd.help_text;
            return 0;
        }
        if (cmd.version) {
            std::cout << "dossier-serve " << dossier::version() << "\n";
            return 0;
        }
        // SIGINT and SIGTERM go to one thread that stops the server: the
        // signals are blocked before any other thread starts.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        signal(SIGPIPE, SIG_IGN);

        dossier::Server server(cmd.options);
        const int port = server.bind();
        const std::string& host = cmd.options.host;
        if (!dossier::is_loopback(host))
            std::cerr << "dossier-serve: warning: listening on " << host
                      << ", not a loopback address: anyone who can reach it can read every document "
                         "(there is no authentication)\n";
        const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        std::cout << "http://" << shown << ":" << port << "/" << std::endl;
        // A stop that arrives before run() has started listening is lost by
        // the HTTP library, so the waiter repeats it until run() returns.
        std::atomic<bool> finished{false};
        std::thread waiter([&] {
            int signal_number = 0;
            sigwait(&stop_signals, &signal_number);
            while (!finished) {
                server.stop();
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        const bool ok = server.run();
        finished = true;
        // Wake the waiter if it is still waiting for a signal.
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
        if (!ok) {
            std::cerr << "dossier-serve: error: the server stopped listening\n";
            return 2;
        }
        std::cerr << "dossier-serve: stopped\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "dossier-serve: error: " << e.what() << "\n";
        return 2;
    }
}
