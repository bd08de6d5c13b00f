#include "serve/metrics.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace petrel::serve {

namespace {

int64_t unixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Lower edge of bucket i in microseconds (bucket 0 holds everything below 1 µs).
double bucketLowUs(int i) { return i == 0 ? 0.0 : std::exp2((i - 1) / 4.0); }

// Prometheus label values escape backslash, quote and newline.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

int LatencyHistogram::bucketOf(uint64_t ns) {
  uint64_t us = ns / 1000;
  if (us == 0) return 0;
  int lg = 63 - __builtin_clzll(us);
  // The two bits below the leading one pick the quarter-octave.
  int quarter = lg >= 2 ? static_cast<int>((us >> (lg - 2)) & 3) : static_cast<int>((us << (2 - lg)) & 3);
  int i = lg * 4 + quarter + 1;
  return i < kBuckets ? i : kBuckets - 1;
}

void LatencyHistogram::record(uint64_t ns) {
  buckets_[bucketOf(ns)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(ns, std::memory_order_relaxed);
}

uint64_t LatencyHistogram::countBelowPow2Us(int k) const {
  uint64_t n = 0;
  int end = k * 4 + 1;  // bucket k*4+1 starts at 2^k µs
  for (int i = 0; i < end && i < kBuckets; ++i) n += buckets_[i].load(std::memory_order_relaxed);
  return n;
}

void LatencyHistogram::snapshot(uint64_t* counts) const {
  for (int i = 0; i < kBuckets; ++i) counts[i] = buckets_[i].load(std::memory_order_relaxed);
}

double LatencyHistogram::quantileMs(const uint64_t* counts, double q) {
  uint64_t total = 0;
  for (int i = 0; i < kBuckets; ++i) total += counts[i];
  if (total == 0) return 0;
  double rank = q * static_cast<double>(total);
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    if (counts[i] == 0) continue;
    if (static_cast<double>(seen + counts[i]) >= rank) {
      double within = (rank - static_cast<double>(seen)) / static_cast<double>(counts[i]);
      double lo = bucketLowUs(i), hi = bucketLowUs(i + 1);
      return (lo + (hi - lo) * within) / 1000.0;
    }
    seen += counts[i];
  }
  return bucketLowUs(kBuckets) / 1000.0;
}

double LatencyHistogram::quantileMs(double q) const {
  uint64_t counts[kBuckets];
  snapshot(counts);
  return quantileMs(counts, q);
}

Metrics::Metrics() : unmatched_(std::make_shared<RouteStats>("")) {}

RouteStats& Metrics::route(const std::string& name) {
  std::lock_guard<std::mutex> lock(routes_mutex_);
  auto& slot = routes_[name];
  if (!slot) slot = std::make_shared<RouteStats>(name);
  return *slot;
}

std::vector<std::shared_ptr<RouteStats>> Metrics::routes() const {
  std::lock_guard<std::mutex> lock(routes_mutex_);
  std::vector<std::shared_ptr<RouteStats>> out;
  for (const auto& [name, stats] : routes_) out.push_back(stats);
  return out;
}

void Metrics::recordRequest(RouteStats& route, unsigned status, uint64_t duration_ns) {
  if (status >= 100 && status < 600) route.by_status[status - 100].fetch_add(1, std::memory_order_relaxed);
  route.requests.fetch_add(1, std::memory_order_relaxed);
  bool error = status >= 500;
  if (error) route.errors.fetch_add(1, std::memory_order_relaxed);
  route.latency.record(duration_ns);
  int64_t now = unixSeconds();
  int bucket = LatencyHistogram::bucketOf(duration_ns);
  std::lock_guard<std::mutex> lock(ring_mutex_);
  Slot& s = ring_[now % kSlots];
  if (s.t != now) {
    s = Slot();
    s.t = now;
  }
  ++s.requests;
  if (error) ++s.errors;
  ++s.counts[bucket];
}

std::vector<Metrics::Second> Metrics::lastSeconds(int n) const {
  int64_t now = unixSeconds();
  std::vector<Second> out;
  std::lock_guard<std::mutex> lock(ring_mutex_);
  for (int64_t t = now - n; t < now; ++t) {
    Second sec;
    sec.t = t;
    const Slot& s = ring_[((t % kSlots) + kSlots) % kSlots];
    if (s.t == t) {
      sec.requests = s.requests;
      sec.errors = s.errors;
      sec.p50_ms = LatencyHistogram::quantileMs(s.counts, 0.5);
      sec.p99_ms = LatencyHistogram::quantileMs(s.counts, 0.99);
    }
    out.push_back(sec);
  }
  return out;
}

void Metrics::recordError(RecentError e) {
  std::lock_guard<std::mutex> lock(errors_mutex_);
  errors_.push_front(std::move(e));
  if (errors_.size() > kMaxRecentErrors) errors_.pop_back();
}

std::vector<RecentError> Metrics::recentErrors() const {
  std::lock_guard<std::mutex> lock(errors_mutex_);
  return {errors_.begin(), errors_.end()};
}

std::string Metrics::prometheus(double uptime_s) const {
  std::string out;
  out.reserve(16384);
  char buf[256];
  auto line = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
  };
  std::vector<std::shared_ptr<RouteStats>> routes = this->routes();
  routes.push_back(unmatched_);
  auto counter = [&](const char* name, const char* help, auto field) {
    line("# HELP %s %s\n# TYPE %s counter\n", name, help, name);
    for (const auto& r : routes) {
      if (r->name.empty()) continue;
      out += name;
      out += "{route=\"" + label(r->name) + "\"} ";
      out += std::to_string((r.get()->*field).load(std::memory_order_relaxed)) + "\n";
    }
  };
  line("# HELP petrel_requests_total Requests answered, by route and status code (route=\"\": no route matched).\n"
       "# TYPE petrel_requests_total counter\n");
  for (const auto& r : routes)
    for (int i = 0; i < 500; ++i)
      if (uint64_t n = r->by_status[i].load(std::memory_order_relaxed))
        out += "petrel_requests_total{route=\"" + label(r->name) + "\",status=\"" + std::to_string(i + 100) + "\"} " +
               std::to_string(n) + "\n";
  auto histogram = [&](const char* name, const char* help, LatencyHistogram RouteStats::*field) {
    line("# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
    for (const auto& r : routes) {
      const LatencyHistogram& h = r.get()->*field;
      if (h.count() == 0) continue;
      std::string l = label(r->name);
      for (int k = 0; k <= 24; k += (k < 3 ? 3 : 1)) {  // 1 µs, 8 µs, 16 µs, ... 16.8 s
        std::snprintf(buf, sizeof buf, "%.6g", std::exp2(k) / 1e6);
        out += std::string(name) + "_bucket{route=\"" + l + "\",le=\"" + buf + "\"} " +
               std::to_string(h.countBelowPow2Us(k)) + "\n";
      }
      out += std::string(name) + "_bucket{route=\"" + l + "\",le=\"+Inf\"} " + std::to_string(h.count()) + "\n";
      std::snprintf(buf, sizeof buf, "%.9f", static_cast<double>(h.sumNs()) / 1e9);
      out += std::string(name) + "_sum{route=\"" + l + "\"} " + buf + "\n";
      out += std::string(name) + "_count{route=\"" + l + "\"} " + std::to_string(h.count()) + "\n";
    }
  };
  histogram("petrel_request_duration_seconds", "Time from a request's arrival to its response, by route.",
            &RouteStats::latency);
  histogram("petrel_instantiation_seconds", "Time to instantiate the route's module for one request.",
            &RouteStats::instantiation);
  counter("petrel_traps_total", "Requests whose guest trapped.", &RouteStats::traps);
  counter("petrel_timeouts_total", "Requests whose guest ran past the route's timeout (504).", &RouteStats::timeouts);
  counter("petrel_fuel_exhausted_total", "Requests whose guest ran out of fuel.", &RouteStats::fuel_exhausted);
  counter("petrel_memory_limit_hits_total", "Requests whose guest was refused memory at the route's cap.",
          &RouteStats::memory_limit_hits);
  counter("petrel_bad_responses_total", "Requests whose guest wrote no valid CGI response.",
          &RouteStats::bad_responses);
  counter("petrel_concurrency_rejections_total", "Requests refused at the route's max_concurrency (503).",
          &RouteStats::rejected_concurrency);
  counter("petrel_fuel_consumed_total", "Fuel (wasm instructions) the route's guests used.",
          &RouteStats::fuel_consumed);
  line("# HELP petrel_in_flight_requests Requests being handled now, by route.\n"
       "# TYPE petrel_in_flight_requests gauge\n");
  for (const auto& r : routes)
    if (!r->name.empty())
      out += "petrel_in_flight_requests{route=\"" + label(r->name) + "\"} " +
             std::to_string(r->in_flight.load(std::memory_order_relaxed)) + "\n";
  static const char* kReasons[] = {"body_too_large", "headers_too_large", "bad_request", "client_timeout",
                                   "connection_limit"};
  line("# HELP petrel_rejected_requests_total Requests refused before routing, by reason.\n"
       "# TYPE petrel_rejected_requests_total counter\n");
  for (int i = 0; i < static_cast<int>(Rejection::Count); ++i)
    line("petrel_rejected_requests_total{reason=\"%s\"} %llu\n", kReasons[i],
         static_cast<unsigned long long>(rejected_[i].load(std::memory_order_relaxed)));
  line("# HELP petrel_open_connections Client connections open now.\n# TYPE petrel_open_connections gauge\n"
       "petrel_open_connections %lld\n",
       static_cast<long long>(connections_open.load()));
  line("# HELP petrel_connections_total Client connections accepted.\n# TYPE petrel_connections_total counter\n"
       "petrel_connections_total %llu\n",
       static_cast<unsigned long long>(connections_total.load()));
  line("# HELP petrel_deploys_total Deployments made (start, reloads, uploads).\n# TYPE petrel_deploys_total counter\n"
       "petrel_deploys_total %llu\n",
       static_cast<unsigned long long>(deploys.load()));
  line("# HELP petrel_deploy_failures_total Reloads or uploads refused (the previous deployment kept serving).\n"
       "# TYPE petrel_deploy_failures_total counter\npetrel_deploy_failures_total %llu\n",
       static_cast<unsigned long long>(deploy_failures.load()));
  line("# HELP petrel_uptime_seconds Seconds since the server started.\n# TYPE petrel_uptime_seconds gauge\n"
       "petrel_uptime_seconds %.3f\n",
       uptime_s);
  return out;
}

std::string utcTimestamp() {
  auto now = std::chrono::system_clock::now();
  int64_t ms_total = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  int64_t sec = ms_total / 1000;
  int ms = static_cast<int>(ms_total % 1000);
  // Formatting the date costs more than the rest of a log line: once a
  // second per thread is enough.
  thread_local int64_t cached_sec = -1;
  thread_local char cached[64];
  if (sec != cached_sec) {
    std::time_t t = static_cast<std::time_t>(sec);
    std::tm tm;
    gmtime_r(&t, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_sec = sec;
  }
  std::string out(cached);
  out.push_back(static_cast<char>('0' + ms / 100));
  out.push_back(static_cast<char>('0' + ms / 10 % 10));
  out.push_back(static_cast<char>('0' + ms % 10));
  out.push_back('Z');
  return out;
}

}  // namespace petrel::serve
