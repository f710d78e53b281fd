#include "statement_cache.hpp"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <list>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace lifelong::statement_cache {
namespace {

// One connection's statements, most recently used first.
struct kept {
  std::list<std::pair<std::string, std::unique_ptr<sql::PreparedStatement>>> order;
  std::unordered_map<std::string, decltype(order)::iterator> by_text;
};

std::mutex registry_mutex;
std::unordered_map<sql::Connection*, kept>& registry() {
  static auto* connections = new std::unordered_map<sql::Connection*, kept>;  // lives to exit
  return *connections;
}

}  // namespace

void give_back::operator()(sql::PreparedStatement* st) const {
  std::unique_ptr<sql::PreparedStatement> owned(st);
  std::unique_ptr<sql::PreparedStatement> closed;  // closed outside the lock
  std::lock_guard lock(registry_mutex);
  auto it = connection ? registry().find(connection) : registry().end();
  if (it == registry().end()) return;  // not a pooled connection: closed here
  auto& k = it->second;
  if (k.by_text.count(text)) return;  // the same query twice at once: one is enough
  k.order.emplace_front(text, std::move(owned));
  k.by_text[text] = k.order.begin();
  if (k.order.size() > max_per_connection) {
    closed = std::move(k.order.back().second);
    k.by_text.erase(k.order.back().first);
    k.order.pop_back();
  }
}

statement prepare(sql::Connection& c, const char* text) {
  std::string key(text);
  {
    std::lock_guard lock(registry_mutex);
    auto it = registry().find(&c);
    if (it != registry().end()) {
      auto& k = it->second;
      if (auto found = k.by_text.find(key); found != k.by_text.end()) {
        auto st = std::move(found->second->second);
        k.order.erase(found->second);
        k.by_text.erase(found);
        st->clearParameters();
        return statement(st.release(), give_back{&c, std::move(key)});
      }
    }
  }
  return statement(c.prepareStatement(text), give_back{&c, std::move(key)});
}

void keep_for(sql::Connection& c) {
  std::lock_guard lock(registry_mutex);
  registry().try_emplace(&c);
}

void forget(sql::Connection& c) {
  kept closing;
  {
    std::lock_guard lock(registry_mutex);
    auto it = registry().find(&c);
    if (it == registry().end()) return;
    closing = std::move(it->second);
    registry().erase(it);
  }
}  // the statements close here, before the connection does

}  // namespace lifelong::statement_cache
