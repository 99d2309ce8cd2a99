// The failures a search can report to its caller, each with a message a user can act on.
// Programs map the code once at their edge (CLI exit status, HTTP status).
#pragma once

#include <stdexcept>
#include <string>

namespace palermo {

class SearchError : public std::runtime_error {
 public:
  enum class Code {
    bad_query,          // malformed query or parameter: HTTP 400
    too_long,           // query longer than kMaxQueryBytes: HTTP 414
    not_found,          // unknown paragraph or document id: 404
    no_index,           // no index can be opened: 503
    incompatible_index, // built with other analysis settings: 503
    shard_unavailable,  // a shard of a sharded index cannot be reached (the message names it): 503
    bad_stub            // the stub lists what cannot be served (a line that cannot be read, no shard,
                        // a stub, a shard twice, another number of shards than the index's): 503;
                        // palermo-search serve refuses to start on it, as query does
  };
  SearchError(Code code, const std::string& message) : std::runtime_error(message), code_(code), message_(message) {}
  // `detail`: what only the operator's log should hold (a server path, Xapian's own message).
  SearchError(Code code, const std::string& message, const std::string& detail)
      : std::runtime_error(message), code_(code), message_(message), detail_(detail) {}
  Code code() const { return code_; }
  const std::string& detail() const { return detail_; }
  // The whole message, which may echo the caller's bytes, NUL included (what() stops at a NUL):
  // programs print it through printable() (analysis/text.h).
  const std::string& message() const { return message_; }
  const char* code_name() const;

 private:
  Code code_;
  std::string message_;
  std::string detail_;
};

}  // namespace palermo
