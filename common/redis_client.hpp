#pragma once
// A small pool of synchronous hiredis connections. Calls block: the server runs them
// on its blocking pool, the transcoder on its own thread.
#include "usage_counts.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.hpp"

struct redisContext;

namespace lifelong {

struct redis_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A reply copied out of hiredis, so no hiredis type leaks to callers.
struct redis_value {
  enum class kind { nil, string, integer, array, status, error };
  kind type = kind::nil;
  std::string str;
  long long integer = 0;
  std::vector<redis_value> elements;

  bool is_nil() const { return type == kind::nil; }
};

class redis_connection {
 public:
  // To host:port, or with sentinels to the primary they name (checked with ROLE: during
  // a failover a sentinel may still name the old one).
  explicit redis_connection(const redis_settings& s);
  redis_connection(const std::string& host, int port, const std::string& password, int timeout_seconds);
  ~redis_connection();
  redis_connection(const redis_connection&) = delete;
  redis_connection& operator=(const redis_connection&) = delete;

  // Throws redis_error on I/O failure or an error reply. After an I/O failure, or a
  // READONLY reply (a primary demoted to replica), the connection is broken: the pool
  // drops it, and the next one asks the sentinels again.
  redis_value command(const std::vector<std::string>& args);
  bool broken() const { return broken_; }

 private:
  struct context_free {
    void operator()(redisContext* c) const;
  };
  void open(const std::string& host, int port, const std::string& password, int timeout_seconds);
  void open_named_primary(const redis_settings& s);

  std::unique_ptr<redisContext, context_free> ctx_;
  bool broken_ = false;
};

class redis_pool {
 public:
  explicit redis_pool(redis_settings s);
  ~redis_pool();

  // Runs one command on a pooled connection; a broken connection is replaced.
  redis_value command(const std::vector<std::string>& args);
  const pool_counts& counts() const { return counts_; }

 private:
  std::unique_ptr<redis_connection> take();
  void give_back(std::unique_ptr<redis_connection> c);

  redis_settings settings_;
  pool_counts counts_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<redis_connection>> idle_;
  int open_ = 0;
};

}  // namespace lifelong
