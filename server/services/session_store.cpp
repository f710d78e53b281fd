#include "session_store.hpp"

#include <sstream>

#include "common/tokens.hpp"

namespace lifelong::services {
namespace {
long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

std::string session_store::key(const std::string& id) {
  return "sess:" + sha256_hex(id);
}

http::session session_store::create(std::uint64_t user_id, const std::string& username, const std::string& display_name,
                                    const std::set<std::string>& roles,
                                    const std::set<std::uint64_t>& review_units) {
  http::session s;
  s.id = random_token();
  s.user_id = user_id;
  s.username = username;
  s.display_name = display_name;
  s.roles = roles;
  s.review_units = review_units;
  s.csrf = random_token();
  std::string role_list, unit_list;
  for (const auto& r : roles) role_list += (role_list.empty() ? "" : ",") + r;
  for (const auto u : review_units) unit_list += (unit_list.empty() ? "" : ",") + std::to_string(u);
  const auto k = key(s.id);
  redis_.command({"HSET", k, "uid", std::to_string(user_id), "username", username, "name", display_name, "roles",
                  role_list, "review_units", unit_list, "csrf", s.csrf, "created", std::to_string(now_seconds())});
  redis_.command({"EXPIRE", k, std::to_string(lifetimes_.idle.count())});
  // Keys of expired sessions linger in the set until it expires itself: harmless, as
  // deleting a missing key is a no-op.
  redis_.command({"SADD", user_key(user_id), k});
  redis_.command({"EXPIRE", user_key(user_id), std::to_string(lifetimes_.absolute.count())});
  return s;
}

std::optional<http::session> session_store::load(const std::string& id) {
  if (id.size() != 43) return std::nullopt;  // not one of ours: skip the round trip
  const auto k = key(id);
  auto reply = redis_.command({"HGETALL", k});
  if (reply.elements.empty()) return std::nullopt;
  http::session s;
  s.id = id;
  long long created = 0;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    const auto& field = reply.elements[i].str;
    const auto& value = reply.elements[i + 1].str;
    if (field == "uid")
      s.user_id = std::stoull(value);
    else if (field == "username")
      s.username = value;
    else if (field == "name")
      s.display_name = value;
    else if (field == "csrf")
      s.csrf = value;
    else if (field == "created")
      created = std::stoll(value);
    else if (field == "review_units") {
      std::stringstream list(value);
      std::string unit;
      while (std::getline(list, unit, ','))
        if (!unit.empty()) s.review_units.insert(std::stoull(unit));
    } else if (field == "roles") {
      std::stringstream list(value);
      std::string role;
      while (std::getline(list, role, ','))
        if (!role.empty()) s.roles.insert(role);
    }
  }
  if (s.user_id == 0 || now_seconds() - created > lifetimes_.absolute.count()) {
    destroy(id);
    return std::nullopt;
  }
  redis_.command({"EXPIRE", k, std::to_string(lifetimes_.idle.count())});
  return s;
}

void session_store::destroy(const std::string& id) {
  redis_.command({"DEL", key(id)});
}

void session_store::rename(const std::string& id, const std::string& display_name) {
  redis_.command({"HSET", key(id), "name", display_name});
}

std::string session_store::user_key(std::uint64_t user_id) {
  return "user_sessions:" + std::to_string(user_id);
}

void session_store::destroy_all(std::uint64_t user_id) {
  auto keys = redis_.command({"SMEMBERS", user_key(user_id)});
  std::vector<std::string> del{"DEL", user_key(user_id)};
  for (const auto& k : keys.elements) del.push_back(k.str);
  redis_.command(del);
}

}  // namespace lifelong::services
