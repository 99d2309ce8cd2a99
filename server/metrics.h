// What the server counts for /metrics (Prometheus text exposition format 0.0.4): requests by
// route and status, their latency as a histogram per route, error answers by status. Index gauges
// (revision, paragraphs, documents, size on disk, reopens) are read at scrape time by the caller.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace palermo {

// The route a path belongs to, a label with few values: "/api/search", "/api/paragraphs",
// "/api/documents", "/api/health", "/metrics", "page" (/ and /doc/...), "static", "other".
std::string route_of(const std::string& path);

class ServerMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 10> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  // One answered request; `seconds` < 0 when its duration is unknown (refused before routing).
  // Thread-safe.
  void record(const std::string& route, int status, double seconds);

  // The counters in Prometheus text format, HELP and TYPE lines included.
  std::string exposition() const;

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // cumulative at output time, not here
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // (route, status) -> count
  std::map<std::string, Latency> latency_;                         // route -> histogram
};

}  // namespace palermo
