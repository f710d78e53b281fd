#include "redis_client.hpp"

#include "io_thread.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>

namespace lifelong {
namespace {

redis_value convert(const redisReply* r) {
  redis_value v;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      v.type = redis_value::kind::string;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      v.type = redis_value::kind::status;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      v.type = redis_value::kind::error;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      v.type = redis_value::kind::integer;
      v.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      v.type = redis_value::kind::array;
      v.elements.reserve(r->elements);
      for (size_t i = 0; i < r->elements; ++i) v.elements.push_back(convert(r->element[i]));
      break;
    default:
      v.type = redis_value::kind::nil;
  }
  return v;
}

}  // namespace

void redis_connection::context_free::operator()(redisContext* c) const {
  redisFree(c);
}

redis_connection::redis_connection(const redis_settings& s) {
  if (s.sentinels.empty())
    open(s.host, s.port, s.password, s.command_timeout_seconds);
  else
    open_named_primary(s);
}

redis_connection::redis_connection(const std::string& host, int port, const std::string& password,
                                   int timeout_seconds) {
  open(host, port, password, timeout_seconds);
}

redis_connection::~redis_connection() = default;

void redis_connection::open(const std::string& host, int port, const std::string& password, int timeout_seconds) {
  // A host on the same network answers in milliseconds; a dead one is given up quickly.
  const timeval connect_within{std::min(timeout_seconds, 2), 0};
  ctx_.reset(redisConnectWithTimeout(host.c_str(), port, connect_within));
  broken_ = false;
  if (!ctx_ || ctx_->err) {
    const std::string why = ctx_ ? ctx_->errstr : "out of memory";
    ctx_.reset();
    throw redis_error("redis: cannot connect to " + host + ":" + std::to_string(port) + ": " + why);
  }
  const timeval answer_within{timeout_seconds, 0};
  redisSetTimeout(ctx_.get(), answer_within);
  if (!password.empty()) command({"AUTH", password});
}

// The sentinel client protocol (redis.io, "Sentinel client spec"): ask each sentinel in
// turn for the primary's address, then make sure the one named is a primary.
void redis_connection::open_named_primary(const redis_settings& s) {
  constexpr int sentinel_timeout_seconds = 2;  // a sentinel that hangs is skipped, not waited for
  std::string why;
  std::vector<std::string> tried;  // every sentinel names the same primary: try it once
  for (const auto& address : s.sentinels) {
    try {
      const auto at = parse_host_port(address);
      if (!at) throw redis_error("not host:port");
      redis_value named;
      {
        redis_connection sentinel(at->host, at->port, s.sentinel_password, sentinel_timeout_seconds);
        named = sentinel.command({"SENTINEL", "get-master-addr-by-name", s.master_name});
      }
      if (named.elements.size() != 2) throw redis_error("knows no primary named " + s.master_name);
      const auto& host = named.elements[0].str;
      const auto primary = parse_host_port((host.find(':') == std::string::npos ? host : "[" + host + "]") + ":" +
                                           named.elements[1].str);
      if (!primary) throw redis_error("named " + host + " " + named.elements[1].str);
      const auto named_address = primary->host + " " + std::to_string(primary->port);
      if (std::find(tried.begin(), tried.end(), named_address) != tried.end())
        throw redis_error("named " + named_address + " again");
      tried.push_back(named_address);
      open(primary->host, primary->port, s.password, s.command_timeout_seconds);
      const auto role = command({"ROLE"});
      if (!role.elements.empty() && role.elements[0].str == "master") return;
      ctx_.reset();
      throw redis_error("named " + primary->host + ":" + std::to_string(primary->port) +
                        ", which is not a primary (a failover under way?)");
    } catch (const redis_error& e) {
      why += "\n  sentinel " + address + ": " + e.what();
    }
  }
  throw redis_error("redis: no sentinel named a primary for " + s.master_name + why);
}

redis_value redis_connection::command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  if (!ctx_) throw redis_error("redis: not connected");
  auto* raw =
      static_cast<redisReply*>(redisCommandArgv(ctx_.get(), static_cast<int>(args.size()), argv.data(), lens.data()));
  if (!raw) {
    broken_ = true;
    throw redis_error(std::string("redis: ") + (ctx_->errstr[0] ? ctx_->errstr : "connection lost"));
  }
  redis_value v = convert(raw);
  freeReplyObject(raw);
  if (v.type == redis_value::kind::error) {
    if (v.str.rfind("READONLY", 0) == 0) broken_ = true;
    throw redis_error("redis: " + v.str);
  }
  return v;
}

redis_pool::redis_pool(redis_settings s) : settings_(std::move(s)) {}
redis_pool::~redis_pool() = default;

std::unique_ptr<redis_connection> redis_pool::take() {
  refuse_on_io_thread("Redis");
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < settings_.pool_size; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  ++open_;
  lock.unlock();
  try {
    auto c = std::make_unique<redis_connection>(settings_);
    ++counts_.opened;
    return c;
  } catch (...) {
    ++counts_.lost;
    std::lock_guard again(mutex_);
    --open_;
    available_.notify_one();
    throw;
  }
}

void redis_pool::give_back(std::unique_ptr<redis_connection> c) {
  std::lock_guard lock(mutex_);
  if (c && !c->broken())
    idle_.push_back(std::move(c));
  else {
    --open_;
    if (c) ++counts_.lost;
  }
  available_.notify_one();
}

redis_value redis_pool::command(const std::vector<std::string>& args) {
  auto c = take();
  try {
    auto v = c->command(args);
    give_back(std::move(c));
    return v;
  } catch (...) {
    give_back(std::move(c));
    throw;
  }
}

}  // namespace lifelong
