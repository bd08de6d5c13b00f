// What petrel serve counts: per route (requests by status, latency and
// instantiation histograms, traps, timeouts, fuel), per server (connections,
// rejected requests, deployments), the last minute second by second, and the
// most recent errors with their backtraces. Recording is lock-free on the
// request path except for the per-second ring (one short mutex). Rendered
// as Prometheus text (/metrics) and, by app.cpp, as the dashboard's JSON.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace petrel::serve {

// Durations in buckets four to an octave (each about 19% wider than the
// last) from 1 µs to about 4.5 minutes: quantiles within ~10%, recording
// one relaxed atomic add.
class LatencyHistogram {
 public:
  static constexpr int kBuckets = 4 * 28 + 1;
  void record(uint64_t ns);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  uint64_t sumNs() const { return sum_ns_.load(std::memory_order_relaxed); }
  // Counts of values below 2^k µs, for Prometheus buckets.
  uint64_t countBelowPow2Us(int k) const;
  // The q-quantile in milliseconds (0 when empty), from `counts`
  // (kBuckets entries), interpolated within its bucket.
  static double quantileMs(const uint64_t* counts, double q);
  double quantileMs(double q) const;
  void snapshot(uint64_t* counts) const;
  static int bucketOf(uint64_t ns);

 private:
  std::atomic<uint64_t> buckets_[kBuckets] = {};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

struct RouteStats {
  explicit RouteStats(std::string n) : name(std::move(n)) {}
  const std::string name;
  std::atomic<uint64_t> by_status[500] = {};  // index status - 100
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> errors{0};  // 5xx
  std::atomic<uint64_t> traps{0};
  std::atomic<uint64_t> timeouts{0};
  std::atomic<uint64_t> fuel_exhausted{0};
  std::atomic<uint64_t> memory_limit_hits{0};
  std::atomic<uint64_t> bad_responses{0};
  std::atomic<uint64_t> rejected_concurrency{0};
  std::atomic<uint64_t> fuel_consumed{0};
  std::atomic<int64_t> in_flight{0};
  LatencyHistogram latency;
  LatencyHistogram instantiation;
};

// Why the server refused a request before any route saw it.
enum class Rejection { BodyTooLarge, HeadersTooLarge, BadRequest, ClientTimeout, ConnectionLimit, Count };

struct RecentError {
  std::string time;  // RFC 3339, UTC, milliseconds
  std::string request_id, route, method, path, kind, message, backtrace;
  unsigned status = 0;
};

class Metrics {
 public:
  Metrics();
  // Stats of a route by name; kept for the server's life, across deploys.
  RouteStats& route(const std::string& name);
  RouteStats& unmatched() { return *unmatched_; }

  // One finished request: its status and duration, on the route's stats
  // and the per-second ring.
  void recordRequest(RouteStats& route, unsigned status, uint64_t duration_ns);
  void recordError(RecentError e);
  void reject(Rejection why) { rejected_[static_cast<int>(why)].fetch_add(1, std::memory_order_relaxed); }

  std::atomic<int64_t> connections_open{0};
  std::atomic<uint64_t> connections_total{0};
  std::atomic<uint64_t> deploys{0};
  std::atomic<uint64_t> deploy_failures{0};

  std::string prometheus(double uptime_s) const;

  struct Second {
    int64_t t = 0;  // unix seconds
    uint64_t requests = 0, errors = 0;
    double p50_ms = 0, p99_ms = 0;
  };
  // The last `n` whole seconds, oldest first (empty seconds included).
  std::vector<Second> lastSeconds(int n) const;
  std::vector<RecentError> recentErrors() const;  // newest first
  std::vector<std::shared_ptr<RouteStats>> routes() const;
  uint64_t rejected(Rejection why) const { return rejected_[static_cast<int>(why)].load(std::memory_order_relaxed); }

  static constexpr size_t kMaxRecentErrors = 50;

 private:
  mutable std::mutex routes_mutex_;
  std::map<std::string, std::shared_ptr<RouteStats>> routes_;
  std::shared_ptr<RouteStats> unmatched_;
  std::atomic<uint64_t> rejected_[static_cast<int>(Rejection::Count)] = {};

  struct Slot {
    int64_t t = -1;
    uint64_t requests = 0, errors = 0;
    uint64_t counts[LatencyHistogram::kBuckets] = {};
  };
  static constexpr int kSlots = 64;
  mutable std::mutex ring_mutex_;
  Slot ring_[kSlots];

  mutable std::mutex errors_mutex_;
  std::deque<RecentError> errors_;
};

// Now as RFC 3339 in UTC with milliseconds: "2026-12-02T01:02:03.456Z".
std::string utcTimestamp();

}  // namespace petrel::serve
