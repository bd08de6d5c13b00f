// petrel serve's parts that need no network: the config reader, the
// router, WAGI's translation of requests and CGI responses, and the
// latency histogram behind /metrics and the dashboard.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "serve/config.h"
#include "serve/metrics.h"
#include "serve/router.h"
#include "serve/wagi.h"

namespace petrel::serve {
namespace {

namespace fs = std::filesystem;

class ServeConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("petrel-serve-config-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "static");
    std::ofstream(dir_ / "a.wasm") << "";
  }
  void TearDown() override { fs::remove_all(dir_); }
  Result<AppConfig> parse(const std::string& text) { return parseConfig(text, (dir_ / "app.toml").string()); }
  fs::path dir_;
};

TEST_F(ServeConfig, ReadsServerAndRoutes) {
  auto c = parse(R"(
[server]
listen = "0.0.0.0:9000"
workers = 3
max_body = "2MiB"
header_timeout = "250ms"
idle_timeout = 5
[[route]]
name = "api"
prefix = "/api/"
methods = ["GET", "POST"]
module = "a.wasm"
env = { A = "1", B = "two" }
dirs = [ { host = "static", guest = "/static" } ]
max_memory = "8MiB"
timeout = "1.5s"
fuel = 1000
max_concurrency = 4
)");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.listen, "0.0.0.0:9000");
  EXPECT_EQ(c->server.workers, 3u);
  EXPECT_EQ(c->server.max_body, 2u << 20);
  EXPECT_EQ(c->server.header_timeout_ns, 250'000'000u);
  EXPECT_EQ(c->server.idle_timeout_ns, 5'000'000'000u);
  ASSERT_EQ(c->routes.size(), 1u);
  const RouteConfig& r = c->routes[0];
  EXPECT_TRUE(r.prefix);
  EXPECT_EQ(r.path, "/api/");
  EXPECT_EQ(r.methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(r.module_path, (dir_ / "a.wasm").string());
  EXPECT_EQ(r.env, (std::vector<std::string>{"A=1", "B=two"}));
  ASSERT_EQ(r.dirs.size(), 1u);
  EXPECT_EQ(r.dirs[0].host, (dir_ / "static").string());
  EXPECT_FALSE(r.dirs[0].writable);
  EXPECT_EQ(r.max_memory, 8u << 20);
  EXPECT_EQ(r.timeout_ns, 1'500'000'000u);
  EXPECT_EQ(r.fuel, 1000u);
  EXPECT_EQ(r.max_concurrency, 4u);
  EXPECT_EQ(r.line, 8);  // the [[route]] header
}

TEST_F(ServeConfig, MistakesNameTheLine) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"[[route]]\npath = \"/a\"\nmodule = \"a.wasm\"\ntimeout = \"soon\"\n", "app.toml:4:11: [[route]] \"timeout\""},
      {"[[route]]\npath = \"/a\"\nmodule = \"a.wasm\"\nmethods = [\"get\"]\n", "app.toml:4:12: [[route]] a method"},
      {"[[route]]\npath = \"a\"\nmodule = \"a.wasm\"\n", "app.toml:2:8: [[route]] \"a\" must start with '/'"},
      {"[[route]]\npath = \"/a\"\nprefix = \"/b\"\nmodule = \"a.wasm\"\n", "exactly one of \"path\" or \"prefix\""},
      {"[[route]]\npath = \"/metrics\"\nmodule = \"a.wasm\"\n", "kept for the host"},
      {"[[route]]\npath = \"/a\"\nmodule = \"a.wasm\"\nenv = { \"1X\" = \"v\" }\n", "not a valid environment variable"},
      {"[[route]]\npath = \"/a\"\nmodule = \"a.wasm\"\ndirs = [ { host = \"nope\", guest = \"/n\" } ]\n",
       "is not a directory"},
      {"[server]\nworkerz = 2\n[[route]]\npath = \"/a\"\nmodule = \"a.wasm\"\n", "app.toml:2:1: [server] unknown key"},
      {"[[route]]\npath = \"/a\"\n", "needs \"module\""},
      {"route = 1\n", "routes are written [[route]]"},
  };
  for (const Case& c : cases) {
    auto r = parse(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
  }
}

// Non-ASCII text reads back exactly from strings, is ignored in comments
// and is an error anywhere else, never undefined behaviour in toml++ 3.3
// (found by serve_fuzzer).
TEST_F(ServeConfig, NonAsciiText) {
  auto ok = parse("# Grüße\n[[route]]\npath = \"/a\"\nmodule = \"a.wasm\"\n"
                  "env = { G = \"Grüß Gott\", L = 'ß→€', M = \"\"\"\\\n  ✓\"\"\" }\n");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->routes[0].env, (std::vector<std::string>{"G=Grüß Gott", "L=ß→€", "M=✓"}));
  for (const char* bad : {"rV\xef\xb4\xbfs = 1\n", "a = 1\nb\xcc\xaa = 2\n", "s = 1\xc2\xa7\n",
                          "[[route]]\npath = \"/a\"\nmodule = \"a.wasm\"\nenv = { X = \"\xff\" }\n"}) {
    auto r = parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

TEST(ServeConfigHandler, OneRouteOnEveryPath) {
  auto c = configForHandler("dir/handler.wasm");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->routes.size(), 1u);
  EXPECT_EQ(c->routes[0].name, "handler");
  EXPECT_TRUE(c->routes[0].prefix);
  EXPECT_EQ(c->routes[0].path, "/");
  EXPECT_TRUE(c->single_handler);
}

RouteConfig route(std::string path, bool prefix, std::vector<std::string> methods = {}) {
  RouteConfig r;
  r.path = std::move(path);
  r.prefix = prefix;
  r.methods = std::move(methods);
  return r;
}

TEST(ServeRouter, ExactBeatsPrefixAndLongestPrefixWins) {
  RouteConfig r0 = route("/", true), r1 = route("/api/", true), r2 = route("/api/users", false),
              r3 = route("/api/v2", true), r4 = route("/form", false, {"POST"}), r5 = route("/form", false, {"GET"});
  Router router({&r0, &r1, &r2, &r3, &r4, &r5});
  EXPECT_EQ(router.match("/api/users", "GET").route, 2u);
  EXPECT_EQ(router.match("/api/users/1", "GET").route, 1u);
  EXPECT_EQ(router.match("/api/v2/x", "GET").route, 3u);
  EXPECT_EQ(router.match("/api/v2", "GET").route, 3u);
  EXPECT_EQ(router.match("/api/v20", "GET").route, 1u);
  EXPECT_EQ(router.match("/api", "GET").route, 1u);
  EXPECT_EQ(router.match("/elsewhere", "GET").route, 0u);
  EXPECT_EQ(router.match("/form", "POST").route, 4u);
  EXPECT_EQ(router.match("/form", "GET").route, 5u);
  EXPECT_EQ(router.match("/form", "HEAD").route, 5u);  // HEAD is served as GET
  Router::Match m = router.match("/form", "DELETE");
  EXPECT_EQ(m.route, Router::kNoRoute);
  EXPECT_TRUE(m.method_not_allowed);
  EXPECT_EQ(m.allowed, "POST, GET");
}

TEST(ServeRouter, NoMatchIsNotFound) {
  RouteConfig r0 = route("/a", false);
  Router router({&r0});
  Router::Match m = router.match("/b", "GET");
  EXPECT_EQ(m.route, Router::kNoRoute);
  EXPECT_FALSE(m.method_not_allowed);
  EXPECT_TRUE(prefixCovers("/a/", "/a"));
  EXPECT_FALSE(prefixCovers("/a/", "/ab"));
}

TEST(ServeWagi, CgiResponses) {
  auto r = parseCgiResponse("Content-Type: text/html\r\nStatus: 404 Not Found\r\nX-A: 1\r\n\r\n<p>gone</p>");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 404u);
  EXPECT_EQ(r->body, "<p>gone</p>");
  ASSERT_EQ(r->headers.size(), 2u);
  EXPECT_EQ(r->headers[0], (std::pair<std::string, std::string>{"Content-Type", "text/html"}));

  auto redirect = parseCgiResponse("location: /elsewhere\n\n");
  ASSERT_TRUE(redirect.ok());
  EXPECT_EQ(redirect->status, 302u);
  auto teapot = parseCgiResponse("status: 418\ncontent-type: text/plain\n\nshort and stout");
  ASSERT_TRUE(teapot.ok());
  EXPECT_EQ(teapot->status, 418u);
  // The server frames the body itself: a guest's Content-Length is dropped.
  auto framed = parseCgiResponse("content-type: a/b\ncontent-length: 999\nconnection: keep-alive\n\nxy");
  ASSERT_TRUE(framed.ok());
  EXPECT_EQ(framed->headers.size(), 1u);
  auto untyped = parseCgiResponse("x-a: 1\n\nbytes");
  ASSERT_TRUE(untyped.ok());
  EXPECT_EQ(untyped->headers.back().second, "application/octet-stream");

  for (const char* bad : {"", "content-type: text/plain\n", "no colon here\n\n", "status: abc\n\n",
                          "status: 99\n\n", "bad name: x\n\n", "x: a\rb\n\n"}) {
    auto e = parseCgiResponse(bad);
    EXPECT_FALSE(e.ok()) << bad;
  }
}

TEST(ServeWagi, EnvironmentAndArguments) {
  RouteConfig rc = route("/env", true);
  rc.env = {"FROM_ROUTE=1", "REQUEST_METHOD=forged"};
  Request req;
  req.method = "POST";
  req.target = "/env/a%2Fb?x=1&y=a+b%21";
  req.path = "/env/a%2Fb";
  req.query = "x=1&y=a+b%21";
  req.host = "example.com:8080";
  req.server_port = 8080;
  req.remote_addr = "10.0.0.1";
  req.body = "hello";
  req.headers = {{"Content-Type", "text/plain"}, {"X-Thing", "a"}, {"x-thing", "b"}, {"Proxy", "evil"}};
  RouteMatch m{&rc, "/env", "/a%2Fb"};
  std::vector<std::string> env = wagiEnvironment(req, m);
  auto value = [&env](std::string_view name) -> std::string {
    std::string found = "<unset>";
    for (const std::string& e : env)  // the last one wins, as WasiConfig::env
      if (e.size() > name.size() && e.compare(0, name.size(), name) == 0 && e[name.size()] == '=')
        found = e.substr(name.size() + 1);
    return found;
  };
  EXPECT_EQ(value("REQUEST_METHOD"), "POST");
  EXPECT_EQ(value("FROM_ROUTE"), "1");
  EXPECT_EQ(value("SCRIPT_NAME"), "/env");
  EXPECT_EQ(value("PATH_INFO"), "/a/b");
  EXPECT_EQ(value("X_RAW_PATH_INFO"), "/a%2Fb");
  EXPECT_EQ(value("SERVER_NAME"), "example.com");
  EXPECT_EQ(value("SERVER_PORT"), "8080");
  EXPECT_EQ(value("CONTENT_LENGTH"), "5");
  EXPECT_EQ(value("CONTENT_TYPE"), "text/plain");
  EXPECT_EQ(value("HTTP_X_THING"), "a, b");
  EXPECT_EQ(value("HTTP_PROXY"), "<unset>");
  EXPECT_EQ(value("HTTP_CONTENT_TYPE"), "<unset>");
  EXPECT_EQ(value("X_FULL_URL"), "http://example.com:8080/env/a%2Fb?x=1&y=a+b%21");
  EXPECT_EQ(wagiArguments(req, m), (std::vector<std::string>{"/env", "x=1", "y=a b!"}));
  EXPECT_EQ(percentDecode("%41%zz%4", false), "A%zz%4");
}

TEST(ServeMetrics, HistogramQuantiles) {
  LatencyHistogram h;
  // 1..1000 µs, evenly: the median near 500 µs, p99 near 990 µs.
  for (uint64_t us = 1; us <= 1000; ++us) h.record(us * 1000);
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_NEAR(h.quantileMs(0.5), 0.5, 0.05);
  EXPECT_NEAR(h.quantileMs(0.99), 0.99, 0.1);
  EXPECT_EQ(h.countBelowPow2Us(9), 511u);  // values below 512 µs
  int last = -1;
  for (uint64_t ns = 0; ns < 100'000'000; ns = ns * 5 / 4 + 1000) {
    int b = LatencyHistogram::bucketOf(ns);
    EXPECT_GE(b, last);
    last = b;
  }
  EXPECT_EQ(LatencyHistogram::bucketOf(~uint64_t{0}), LatencyHistogram::kBuckets - 1);
}

}  // namespace
}  // namespace petrel::serve
