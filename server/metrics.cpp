#include "server/metrics.h"

#include <cstdio>
#include <sstream>

namespace palermo {

std::string route_of(const std::string& path) {
  for (const char* route : {"/api/search", "/api/suggest", "/api/health", "/metrics"}) {
    if (path == route) return route;
  }
  if (path.starts_with("/api/paragraphs/")) return "/api/paragraphs";
  if (path.starts_with("/api/documents/")) return "/api/documents";
  if (path == "/" || path.starts_with("/doc/")) return "page";
  if (path.starts_with("/static/")) return "static";
  return "other";
}

void ServerMetrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  if (seconds < 0) return;
  Latency& l = latency_[route];
  ++l.count;
  l.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++l.buckets[i];
      break;
    }
  }
}

namespace {

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", v);
  return text;
}

}  // namespace

std::string ServerMetrics::exposition() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP palermo_http_requests_total HTTP requests answered, by route and status.\n"
      << "# TYPE palermo_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out << "palermo_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << count << "\n";
  }
  out << "# HELP palermo_http_errors_total HTTP answers with an error status (4xx, 5xx), by status.\n"
      << "# TYPE palermo_http_errors_total counter\n";
  std::map<int, std::uint64_t> errors;
  for (const auto& [key, count] : requests_) {
    if (key.second >= 400) errors[key.second] += count;
  }
  for (const auto& [status, count] : errors) out << "palermo_http_errors_total{status=\"" << status << "\"} " << count << "\n";
  out << "# HELP palermo_http_request_duration_seconds Time from routing to the answer, by route.\n"
      << "# TYPE palermo_http_request_duration_seconds histogram\n";
  for (const auto& [route, l] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += l.buckets[i];
      out << "palermo_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << number(kBuckets[i]) << "\"} "
          << cumulative << "\n";
    }
    out << "palermo_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << l.count << "\n"
        << "palermo_http_request_duration_seconds_sum{route=\"" << route << "\"} " << number(l.sum) << "\n"
        << "palermo_http_request_duration_seconds_count{route=\"" << route << "\"} " << l.count << "\n";
  }
  return out.str();
}

}  // namespace palermo
