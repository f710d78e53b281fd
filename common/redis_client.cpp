#include "redis_client.hpp"

#include "io_thread.hpp"

#include <hiredis/hiredis.h>

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

redis_connection::redis_connection(const redis_settings& s) {
  timeval timeout{5, 0};
  ctx_ = redisConnectWithTimeout(s.host.c_str(), s.port, timeout);
  if (!ctx_ || ctx_->err) {
    std::string why = ctx_ ? ctx_->errstr : "out of memory";
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
    throw redis_error("redis: cannot connect to " + s.host + ":" + std::to_string(s.port) + ": " + why);
  }
  const timeval answer_within{s.command_timeout_seconds, 0};
  redisSetTimeout(ctx_, answer_within);
  if (!s.password.empty()) command({"AUTH", s.password});
}

redis_connection::~redis_connection() {
  if (ctx_) redisFree(ctx_);
}

redis_value redis_connection::command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* raw = static_cast<redisReply*>(redisCommandArgv(ctx_, static_cast<int>(args.size()), argv.data(), lens.data()));
  if (!raw) {
    broken_ = true;
    throw redis_error(std::string("redis: ") + (ctx_->errstr[0] ? ctx_->errstr : "connection lost"));
  }
  redis_value v = convert(raw);
  freeReplyObject(raw);
  if (v.type == redis_value::kind::error) throw redis_error("redis: " + v.str);
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
