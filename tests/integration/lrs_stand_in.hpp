#pragma once
// A small Learning Record Store for the xAPI tests, on a loopback port: it takes
// PUT /xapi/statements?statementId=… as xAPI 1.0.3 asks (basic auth, version header,
// JSON), checks each statement's shape, keeps one copy per id in arrival order, and can
// be told to refuse (503) or to store and then hang up without answering.
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace lifelong::test_env {

class lrs_stand_in {
 public:
  enum class mode { accept, refuse, store_then_hang_up };

  lrs_stand_in(std::string username, std::string password);
  ~lrs_stand_in();

  std::string endpoint() const;  // http://127.0.0.1:<port>/xapi
  void set_mode(mode m) { mode_ = m; }
  std::vector<nlohmann::json> stored();
  std::vector<std::string> problems();  // what was wrong with requests it refused
  int duplicates() const { return duplicates_; }

 private:
  void serve();
  void handle(boost::asio::ip::tcp::socket socket);

  std::string authorization_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<mode> mode_{mode::accept};
  std::atomic<bool> stopping_{false};
  std::atomic<int> duplicates_{0};
  std::mutex mutex_;
  std::vector<nlohmann::json> stored_;
  std::vector<std::string> problems_;
  std::thread thread_;
};

}  // namespace lifelong::test_env
