// The HTTP/1.1 server of petrel serve, on Boost.Beast and Asio: one
// io_context run by a fixed pool of worker threads, each connection a chain
// of asynchronous reads and writes on its own strand, with keep-alive and
// pipelining (requests on one connection are answered in order). Guests run
// on the worker that read their request; no thread, compilation or mmap is
// made per request.
//
// Clients are bounded: the headers must arrive within header_timeout and
// fit max_header (else 431), the body within body_timeout and max_body (else
// 413), an idle keep-alive connection is closed after idle_timeout, and at
// most max_connections are open. A slow client holds a connection, never a
// worker.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <petrel/result.h>

namespace petrel::serve {

class App;

class HttpServer {
 public:
  // `host_endpoints_only`: an admin listener, answering only the host's
  // own endpoints (health, readiness, metrics, dashboard, admin) on threads
  // of its own, so that probes and scrapes answer while every worker of
  // the main listener is running a guest.
  explicit HttpServer(App& app, bool host_endpoints_only = false);
  ~HttpServer();

  // Binds ADDR:PORT ("127.0.0.1:8080", "[::1]:0", "0.0.0.0:8080").
  Status listen(const std::string& address);
  uint16_t port() const;
  std::string address() const;

  // Serves until stop() (or SIGTERM/SIGINT, when `handle_signals`): then
  // stops accepting, finishes the requests in flight (up to the drain
  // timeout), closes idle connections and returns.
  void run(unsigned workers, bool handle_signals);
  void stop();  // any thread

  struct Impl;  // http_server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace petrel::serve
