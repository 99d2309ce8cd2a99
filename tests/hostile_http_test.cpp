// A real `palermo-search serve` against clients that try to exhaust or confuse it: slow headers,
// header floods, many ranges, ambiguous framing, crowds of connections, a damaged index. After each
// the server still answers. Slow-client cases run with --request-timeout 2 to stay short.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "server_process.h"

namespace palermo {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

void build_index(const fs::path& db) {
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  IndexOptions options;
  options.corpus = testing::corpus_dir();
  options.db = db;
  indexer.run(options);
}

// A raw connection, to send what no well-behaved client library would.
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }

  // False once the server closed the connection.
  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Everything the server sends until it closes the connection or `limit` passes.
  std::string receive(std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    std::string out;
    const auto until = Clock::now() + limit;
    while (Clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buffer[65536];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

  // Whether the server has closed the connection (reading gives end of file or a reset).
  bool closed_by_server() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    char buffer[4096];
    return ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT) <= 0 || closed_after_data();
  }

 private:
  bool closed_after_data() {
    char buffer[4096];
    while (true) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n == 0) return true;
      if (n < 0) return errno != EAGAIN;
    }
  }

  int fd_ = -1;
  bool connected_ = false;
};

std::string status_line(const std::string& response) { return response.substr(0, response.find("\r\n")); }

json body_of(const std::string& response) {
  const auto start = response.find("\r\n\r\n");
  if (start == std::string::npos) return {};
  return json::parse(response.substr(start + 4), nullptr, false);
}

std::size_t resident_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stoul(line.substr(6));
  }
  return 0;
}

class HostileHttp : public ::testing::Test {
 protected:
  void SetUp() override { build_index(tmp_.path() / "index"); }

  void start(std::vector<std::string> args = {}) {
    server_ = std::make_unique<testing::ServerProcess>(tmp_.path() / "index", tmp_.path() / "server.log", args);
  }

  int health_status() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(5, 0);
    auto res = c.Get("/api/health");
    return res ? res->status : 0;
  }

  testing::TempDir tmp_;
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(HostileHttp, SlowHeaderClientsDoNotHoldTheWorkers) {
  start({"--threads", "2", "--request-timeout", "2"});
  // Four clients (twice the workers) each send a header line every 400 ms, for up to 8 s: each
  // read is quick, so only a bound on the whole request ends them.
  std::atomic<int> cut_off = 0;
  std::vector<std::thread> slow;
  std::vector<double> held_seconds(4, 0);
  for (int i = 0; i < 4; ++i) {
    slow.emplace_back([&, i] {
      RawClient c(server_->port());
      const auto start = Clock::now();
      bool alive = c.send("GET /api/health HTTP/1.1\r\nHost: x\r\n");
      while (alive && Clock::now() - start < std::chrono::seconds(8)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        alive = !c.closed_by_server() && c.send("X-Slow: " + std::to_string(i) + "\r\n");
      }
      held_seconds[i] = std::chrono::duration<double>(Clock::now() - start).count();
      if (!alive) ++cut_off;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto asked = Clock::now();
  EXPECT_EQ(health_status(), 200);
  const double waited = std::chrono::duration<double>(Clock::now() - asked).count();
  for (auto& t : slow) t.join();
  // Queued behind the four, the normal request waits at most two deadlines (4 s; 6 s allowed for
  // a loaded machine): without the bound it waits until the slow clients give up (8 s).
  EXPECT_LT(waited, 6.0) << "a normal request waited behind slow clients";
  EXPECT_EQ(cut_off, 4);
  // Each is held at most two deadlines: one waiting for a free worker, one its own.
  for (double s : held_seconds) EXPECT_LT(s, 6.0);
}

TEST_F(HostileHttp, HeaderFloodsAreRefusedWithoutGrowingMemory) {
  start();
  {
    // 150 short header lines: within the byte budget, over the line count.
    RawClient c(server_->port());
    std::string request = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 150; ++i) request += "X-H" + std::to_string(i) + ": v\r\n";
    ASSERT_TRUE(c.send(request + "\r\n"));
    const std::string response = c.receive();
    EXPECT_EQ(status_line(response), "HTTP/1.1 431 Request Header Fields Too Large");
    EXPECT_EQ(body_of(response)["error"]["code"], "headers_too_large");
  }
  {
    // 100,000 header lines (2 MB): refused once over 32 KiB, the rest never read.
    RawClient c(server_->port());
    std::string request = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 100000; ++i) request += "X-Flood: 0123456\r\n";
    std::thread sender([&] { c.send(request + "\r\n"); });
    const std::string response = c.receive();
    sender.join();
    EXPECT_TRUE(response.empty() || status_line(response) == "HTTP/1.1 400 Bad Request") << status_line(response);
  }
  {
    // One header line over httplib's 8 KiB line limit.
    RawClient c(server_->port());
    ASSERT_TRUE(c.send("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(9000, 'a') + "\r\n\r\n"));
    EXPECT_EQ(status_line(c.receive()), "HTTP/1.1 400 Bad Request");
  }
  EXPECT_LT(resident_kib(server_->pid()), 200u * 1024);
  EXPECT_EQ(health_status(), 200);
}

TEST_F(HostileHttp, RangesAreNotServed) {
  start();
  // As many ranges as fit httplib's 8 KiB header line.
  std::string ranges = "bytes=0-0";
  for (int i = 1; i < 2000; ++i) ranges += ",0-0";
  httplib::Client c("127.0.0.1", server_->port());
  for (const std::string target : {"/api/search?q=trata&size=100", "/api/nothing"}) {
    auto res = c.Get(target.c_str(), httplib::Headers{{"Range", ranges}});
    ASSERT_TRUE(res) << target;
    EXPECT_TRUE(res->status == 200 || res->status == 404) << res->status;
    EXPECT_TRUE(res->get_header_value("Content-Type").starts_with("application/json")) << res->get_header_value("Content-Type");
    EXPECT_FALSE(res->has_header("Content-Range"));
    EXPECT_TRUE(json::parse(res->body, nullptr, false).is_object()) << target;
  }
  auto one = c.Get("/api/health", httplib::Headers{{"Range", "bytes=0-3"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_EQ(json::parse(one->body)["status"], "ok");
}

TEST_F(HostileHttp, AmbiguousFramingIsRefused) {
  start();
  const std::vector<std::string> framings = {
      "Content-Length: 0\r\nContent-Length: 5\r\n",
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
      "Content-Length: 5, 5\r\n",
      "Content-Length: -1\r\n",
      "Transfer-Encoding: gzip, chunked\r\n",
  };
  for (const std::string& framing : framings) {
    RawClient c(server_->port());
    ASSERT_TRUE(c.send("GET /api/health HTTP/1.1\r\nHost: x\r\n" + framing + "\r\nhello"));
    const std::string response = c.receive();
    EXPECT_EQ(status_line(response), "HTTP/1.1 400 Bad Request") << framing;
    EXPECT_NE(response.find("Connection: close"), std::string::npos) << framing;
    EXPECT_EQ(body_of(response)["error"]["code"], "bad_request") << framing;
  }
  EXPECT_EQ(health_status(), 200);
}

TEST_F(HostileHttp, ListenBacklogIsSizedAndACrowdIsServed) {
  start();
  // ss shows a listening socket's backlog in its Send-Q column.
  const std::string command = "ss -Hltn 'sport = :" + std::to_string(server_->port()) + "'";
  std::FILE* pipe = popen(command.c_str(), "r");
  char line[512] = {};
  ASSERT_NE(std::fgets(line, sizeof line, pipe), nullptr);
  pclose(pipe);
  std::istringstream fields(line);
  std::string state;
  int queued = 0, backlog = 0;
  fields >> state >> queued >> backlog;
  EXPECT_EQ(backlog, 1024) << line;

  // 200 clients at once, each allowed 1 s to connect: with a backlog of 5 many wait for SYN retries.
  std::atomic<int> answered = 0;
  std::vector<std::thread> crowd;
  for (int i = 0; i < 200; ++i) {
    crowd.emplace_back([&] {
      httplib::Client c("127.0.0.1", server_->port());
      c.set_connection_timeout(1, 0);
      c.set_read_timeout(20, 0);
      auto res = c.Get("/static/missing");
      if (res && res->status == 404) ++answered;
    });
  }
  for (auto& t : crowd) t.join();
  EXPECT_EQ(answered, 200);
}

TEST_F(HostileHttp, ErrorsNameNoServerPathAndHealthSaysWhenSearchingFails) {
  const fs::path db = tmp_.path() / "index";
  // The posting lists overwritten past their first blocks: the index opens, searches fail.
  const fs::path postlist = db / "postlist.glass";
  std::string bytes;
  {
    std::ifstream in(postlist, std::ios::binary);
    bytes.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  std::fill(bytes.begin() + 8192, bytes.end(), '\xab');
  std::ofstream(postlist, std::ios::binary | std::ios::trunc) << bytes;
  start();
  httplib::Client c("127.0.0.1", server_->port());
  auto health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(json::parse(health->body)["status"], "failing");
  auto search = c.Get("/api/search?q=trata");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 500);
  EXPECT_EQ(json::parse(search->body)["error"]["message"],
            "the index could not be read; the failure is logged for the operator");
  for (const std::string& body : {health->body, search->body}) {
    EXPECT_EQ(body.find(tmp_.path().string()), std::string::npos) << body;
    EXPECT_EQ(body.find("Xapian"), std::string::npos) << body;
    EXPECT_EQ(body.find("Corrupt"), std::string::npos) << body;
  }
  // The operator's log has the details.
  EXPECT_NE(server_->log_text().find("DatabaseCorruptError"), std::string::npos);
}

TEST(HostileHttpNoIndex, TheMissingIndexIsNotNamedToClients) {
  testing::TempDir tmp;
  testing::ServerProcess server(tmp.path() / "none", tmp.path() / "server.log");
  httplib::Client c("127.0.0.1", server.port());
  auto res = c.Get("/api/search?q=trata");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(json::parse(res->body)["error"]["message"], "no index is available yet; try again later");
  EXPECT_EQ(res->body.find(tmp.path().string()), std::string::npos);
}

}  // namespace
}  // namespace palermo
