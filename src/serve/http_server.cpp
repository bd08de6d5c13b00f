#include "serve/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <csignal>
#include <cstdlib>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "serve/app.h"

namespace petrel::serve {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

std::chrono::nanoseconds ns(uint64_t n) { return std::chrono::nanoseconds(static_cast<int64_t>(n)); }

}  // namespace

class Session;

struct HttpServer::Impl {
  Impl(App& a, bool host_only) : app(a), host_endpoints_only(host_only), control(net::make_strand(ioc)),
                                 acceptor(control), signals(control), watch_timer(control), flush_timer(control),
                                 drain_timer(control) {}
  App& app;
  bool host_endpoints_only;  // an admin listener: health, metrics, dashboard, admin only
  net::io_context ioc;
  net::strand<net::io_context::executor_type> control;  // acceptor, timers, signals
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer watch_timer, flush_timer, drain_timer;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  tcp::endpoint bound;

  void accept();
  void onAccept(error_code ec, tcp::socket socket);
  void startTimers();
  void beginShutdown(const char* why);
  void sessionEnded();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl& server) : stream_(std::move(socket)), server_(server) {
    error_code ec;
    tcp::endpoint remote = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      remote_addr_ = remote.address().to_string();
      remote_port_ = remote.port();
    }
    local_port_ = server_.bound.port();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() {
    server_.app.metrics().connections_open.fetch_sub(1);
    {
      std::lock_guard<std::mutex> lock(server_.sessions_mutex);
      server_.sessions.erase(this);
    }
    server_.sessionEnded();
  }

  void start() {
    {
      std::lock_guard<std::mutex> lock(server_.sessions_mutex);
      server_.sessions.emplace(this, weak_from_this());
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->waitForRequest(); });
  }

  // At shutdown: a connection waiting for its next request closes now; one
  // with a request under way closes after answering it.
  void closeIfIdle() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->abort();
    });
  }
  void forceClose() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->abort(); });
  }

 private:
  const ServerConfig& config() const { return server_.app.server(); }

  void waitForRequest() {
    if (server_.stopping) return lingerClose();
    if (buffer_.size() > 0) return readHeader();  // a pipelined request is already here
    idle_ = true;
    stream_.expires_after(ns(first_ ? config().header_timeout_ns : config().idle_timeout_ns));
    stream_.async_read_some(buffer_.prepare(8192), [self = shared_from_this()](error_code ec, size_t n) {
      self->buffer_.commit(n);
      self->idle_ = false;
      if (ec) return self->abort();  // closed, reset, idle too long or shut down
      self->readHeader();
    });
  }

  void readHeader() {
    idle_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(config().max_header));
    // The body's limit depends on the request (App::bodyLimit): set once
    // the headers are in.
    parser_->body_limit(boost::none);
    stream_.expires_after(ns(config().header_timeout_ns));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](error_code ec, size_t) { self->onHeader(ec); });
  }

  void onHeader(error_code ec) {
    if (ec == beast::error::timeout) return timedOut("headers");
    if (ec == http::error::end_of_stream || ec == net::error::connection_reset || ec == net::error::operation_aborted)
      return abort();
    if (ec == http::error::header_limit)
      return refuse(Rejection::HeadersTooLarge, 431,
                    "request header fields too large (the limit is " + std::to_string(config().max_header) +
                        " bytes)");
    if (ec) return refuse(Rejection::BadRequest, 400, "bad request: " + ec.message());
    const auto& msg = parser_->get();
    body_limit_ = server_.app.bodyLimit(sv(msg.target()).substr(0, sv(msg.target()).find('?')),
                                        sv(msg[http::field::authorization]));
    auto length = parser_->content_length();
    if (length && *length > body_limit_) return tooLarge();
    parser_->body_limit(body_limit_);
    if (msg.version() >= 11 && beast::iequals(msg[http::field::expect], "100-continue")) {
      static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(ns(config().body_timeout_ns));
      return net::async_write(stream_, net::buffer(kContinue, sizeof kContinue - 1),
                              [self = shared_from_this()](error_code ec, size_t) {
                                if (ec) return self->abort();
                                self->readBody();
                              });
    }
    readBody();
  }

  void readBody() {
    if (parser_->is_done()) return dispatch();
    stream_.expires_after(ns(config().body_timeout_ns));
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](error_code ec, size_t) {
      if (ec == beast::error::timeout) return self->timedOut("body");
      if (ec == http::error::body_limit) return self->tooLarge();
      if (ec == http::error::end_of_stream || ec == net::error::connection_reset) return self->abort();
      if (ec) return self->refuse(Rejection::BadRequest, 400, "bad request: " + ec.message());
      self->dispatch();
    });
  }

  Request requestView() {
    Request r;
    r.remote_addr = remote_addr_;
    r.remote_port = remote_port_;
    r.server_port = local_port_;
    r.request_id = server_.app.newRequestId();
    if (!parser_ || !parser_->is_header_done()) return r;
    const auto& msg = parser_->get();
    r.method = sv(msg.method_string());
    r.target = sv(msg.target());
    size_t q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string_view::npos) r.query = r.target.substr(q + 1);
    r.http_version = msg.version() == 10 ? 10 : 11;
    r.headers.reserve(16);
    for (const auto& field : msg) r.headers.emplace_back(sv(field.name_string()), sv(field.value()));
    r.host = sv(msg[http::field::host]);
    return r;
  }

  void dispatch() {
    stream_.expires_never();  // the guest runs; no socket operation is pending
    const auto& msg = parser_->get();
    Request request = requestView();
    request.body = msg.body();
    Response response;
    if (server_.host_endpoints_only && !isReservedPath(request.path)) {
      response.status = 404;
      response.headers.emplace_back("content-type", "text/plain; charset=utf-8");
      response.body = "this listener serves only the host's endpoints (/_petrel/..., /metrics)\n";
    } else {
      response = server_.app.handle(request);
    }
    bool keep = msg.keep_alive() && !response.close;
    send(std::move(response), request.request_id, msg.version(), keep, msg.method() == http::verb::head);
  }

  // The response is serialised here rather than by Beast's serializer
  // (a third of the server's per-request instructions under callgrind): a
  // status line, the header fields, Content-Length, the body. Guest header
  // fields were checked by parseCgiResponse (token names, no CR/LF).
  void send(Response&& r, const std::string& request_id, unsigned version, bool keep_alive, bool head) {
    keep_alive = keep_alive && !server_.stopping;
    std::string& h = head_out_;
    h.clear();
    h += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    h += std::to_string(r.status);
    h.push_back(' ');
    beast::string_view reason = http::obsolete_reason(static_cast<http::status>(r.status));
    h.append(reason.data(), reason.size());
    h += "\r\nserver: petrel\r\n";
    for (const auto& [name, value] : r.headers) {
      h += name;
      h += ": ";
      h += value;
      h += "\r\n";
    }
    h += "x-request-id: ";
    h += request_id;
    h += "\r\ncontent-length: ";
    h += std::to_string(r.body.size());
    h += "\r\n";
    if (!keep_alive) h += "connection: close\r\n";
    else if (version == 10) h += "connection: keep-alive\r\n";
    h += "\r\n";
    body_out_ = head ? std::string() : std::move(r.body);  // HEAD: Content-Length stays that of the GET
    std::array<net::const_buffer, 2> buffers{net::buffer(head_out_), net::buffer(body_out_)};
    stream_.expires_after(ns(config().body_timeout_ns));
    net::async_write(stream_, buffers, [self = shared_from_this(), keep_alive](error_code ec, size_t) {
      if (ec) return self->abort();
      if (!keep_alive) return self->lingerClose();
      self->first_ = false;
      self->waitForRequest();
    });
  }

  // Answers a request the server will not take, then closes: what the
  // client sent past the headers is never read.
  void refuse(Rejection why, unsigned status, const std::string& message) {
    Request request = requestView();
    Response r = server_.app.reject(request, why, status, message);
    unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    send(std::move(r), request.request_id, version, false, false);
  }
  void tooLarge() {
    refuse(Rejection::BodyTooLarge, 413,
           "request body too large (the limit is " + std::to_string(body_limit_) + " bytes)");
  }
  void timedOut(const char* what) {
    // The stream closed the socket when its timer expired: count, log, go.
    server_.app.metrics().reject(Rejection::ClientTimeout);
    server_.app.log().event("warn", std::string("client too slow sending the request ") + what + "; connection closed",
                            {{"remote", remote_addr_}});
  }

  // Half-closes, then reads (and drops) what the client still sends for a
  // moment, so that it sees the response rather than a reset.
  void lingerClose() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return abort();
    stream_.expires_after(std::chrono::seconds(2));
    drain();
  }
  void drain() {
    if (drained_ > (size_t{1} << 20)) return abort();
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](error_code ec, size_t n) {
      if (ec) return self->abort();
      self->drained_ += n;
      self->drain();
    });
  }
  void abort() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_out_, body_out_;  // the response being written
  HttpServer::Impl& server_;
  std::string remote_addr_;
  uint16_t remote_port_ = 0;
  uint16_t local_port_ = 0;
  bool idle_ = true;
  bool first_ = true;
  size_t drained_ = 0;
  uint64_t body_limit_ = 0;
  char scratch_[4096];
};

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    onAccept(ec, std::move(socket));
  });
}

void HttpServer::Impl::onAccept(error_code ec, tcp::socket socket) {
  if (stopping || !acceptor.is_open()) return;
  if (!ec) {
    Metrics& m = app.metrics();
    if (m.connections_open.load() >= static_cast<int64_t>(app.server().max_connections)) {
      // Full: a short answer written without waiting, then close.
      m.reject(Rejection::ConnectionLimit);
      static constexpr char kBusy[] =
          "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nretry-after: 1\r\nconnection: close\r\n\r\n";
      error_code ignored;
      socket.non_blocking(true, ignored);
      socket.write_some(net::buffer(kBusy, sizeof kBusy - 1), ignored);
      socket.close(ignored);
    } else {
      m.connections_open.fetch_add(1);
      m.connections_total.fetch_add(1);
      std::make_shared<Session>(std::move(socket), *this)->start();
    }
  } else if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
    // Out of file descriptors: wait a little instead of spinning.
    app.log().event("error", "accept failed: " + ec.message());
    auto timer = std::make_shared<net::steady_timer>(control, std::chrono::milliseconds(50));
    timer->async_wait([this, timer](error_code) { accept(); });
    return;
  }
  accept();
}

void HttpServer::Impl::startTimers() {
  if (app.server().watch) {
    watch_timer.expires_after(std::chrono::seconds(1));
    watch_timer.async_wait([this](error_code ec) {
      if (ec || stopping) return;
      app.reloadIfChanged();
      startTimers();
    });
  }
}

void HttpServer::Impl::beginShutdown(const char* why) {
  if (stopping.exchange(true)) return;
  app.setDraining();
  if (!host_endpoints_only)
    app.log().event("info", std::string("shutting down (") + why + "): finishing requests in flight");
  error_code ec;
  acceptor.close(ec);
  // A second signal while draining means "now": flush the logs and go.
  signals.async_wait([this](error_code e, int) {
    if (e) return;
    app.log().event("warn", "second signal: stopping without waiting for requests in flight");
    app.log().flush();
    std::_Exit(1);
  });
  watch_timer.cancel();
  flush_timer.cancel();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(sessions_mutex);
    for (auto& [raw, weak] : sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->closeIfIdle();
  live.clear();
  drain_timer.expires_after(ns(app.server().drain_timeout_ns));
  drain_timer.async_wait([this](error_code ec) {
    if (ec) return;  // cancelled: every connection ended in time
    app.log().event("warn", "drain timeout: closing the connections still open");
    // Closing them ends their handlers, so the io_context runs out of work
    // and every session is gone before the server is destroyed.
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard<std::mutex> lock(sessions_mutex);
      for (auto& [raw, weak] : sessions)
        if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) s->forceClose();
  });
  sessionEnded();  // there may be none
}

void HttpServer::Impl::sessionEnded() {
  if (!stopping) return;
  bool none;
  {
    std::lock_guard<std::mutex> lock(sessions_mutex);
    none = sessions.empty();
  }
  if (none)
    net::post(control, [this] {
      drain_timer.cancel();
      error_code ec;
      signals.cancel(ec);  // nothing left to wait for
    });
}

HttpServer::HttpServer(App& app, bool host_endpoints_only)
    : impl_(std::make_unique<Impl>(app, host_endpoints_only)) {}
HttpServer::~HttpServer() = default;

Status HttpServer::listen(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos)
    return Error::make(ErrorKind::Other, "--listen \"" + address + "\": expected ADDRESS:PORT, e.g. 127.0.0.1:8080");
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  std::string port_text = address.substr(colon + 1);
  char* end = nullptr;
  long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end || port < 0 || port > 65535)
    return Error::make(ErrorKind::Other, "--listen \"" + address + "\": the port must be a number from 0 to 65535");
  error_code ec;
  net::ip::address ip = net::ip::make_address(host, ec);
  if (ec)
    return Error::make(ErrorKind::Other,
                       "--listen \"" + address + "\": \"" + host + "\" is not an IP address (use e.g. 0.0.0.0 or ::)");
  tcp::endpoint endpoint(ip, static_cast<uint16_t>(port));
  tcp::acceptor& a = impl_->acceptor;
  auto fail = [&](const char* what) {
    return Error::make(ErrorKind::Io, "cannot listen on " + address + ": " + what + ": " + ec.message());
  };
  a.open(endpoint.protocol(), ec);
  if (ec) return fail("socket");
  a.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("SO_REUSEADDR");
  a.bind(endpoint, ec);
  if (ec) return fail("bind");
  a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  impl_->bound = a.local_endpoint(ec);
  return Status::success();
}

uint16_t HttpServer::port() const { return impl_->bound.port(); }

std::string HttpServer::address() const {
  const tcp::endpoint& e = impl_->bound;
  std::string host = e.address().to_string();
  if (e.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(e.port());
}

void HttpServer::stop() {
  net::post(impl_->control, [impl = impl_.get()] { impl->beginShutdown("stop requested"); });
}

void HttpServer::run(unsigned workers, bool handle_signals) {
  Impl& s = *impl_;
  std::signal(SIGPIPE, SIG_IGN);
  if (handle_signals) {
    s.signals.add(SIGTERM);
    s.signals.add(SIGINT);
    s.signals.async_wait([&s](error_code ec, int signo) {
      if (!ec) s.beginShutdown(signo == SIGTERM ? "SIGTERM" : "SIGINT");
    });
  }
  // Access lines are written in batches: flush what is pending a few times a second.
  std::function<void()> flush = [&s, &flush] {
    s.flush_timer.expires_after(std::chrono::milliseconds(250));
    s.flush_timer.async_wait([&s, &flush](error_code ec) {
      s.app.log().flush();
      if (!ec && !s.stopping) flush();
    });
  };
  net::post(s.control, [&s, &flush] {
    s.accept();
    if (s.host_endpoints_only) return;  // the main listener watches files and flushes logs
    s.startTimers();
    flush();
  });
  auto work = [&s] {
    // A handler that throws (a bug, or std::bad_alloc) costs its
    // connection, not the server.
    for (;;) {
      try {
        s.ioc.run();
        return;
      } catch (const std::exception& e) {
        s.app.log().event("error", std::string("unexpected exception in a worker: ") + e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < workers; ++i) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  s.app.log().flush();
  if (!s.host_endpoints_only) s.app.log().event("info", "stopped");
}

}  // namespace petrel::serve
