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

namespace {
template <class Range, class Format>
std::string joined(const Range& items, Format format) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + format(item);
  return out;
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// The fields that describe who the person is, as stored in the session's hash.
std::vector<std::string> identity_fields(const session& s) {
  const bool learner_only = s.via_card;
  return {"username", s.username, "name", s.display_name,
          "roles", learner_only ? "" : joined(s.roles, [](const std::string& r) { return r; }),
          "role_units", learner_only ? "" : joined(s.role_units, [](const auto& ru) {
            return ru.first + "=" + std::to_string(ru.second);
          }),
          "home", joined(s.home_path, [](std::uint64_t u) { return std::to_string(u); }),
          "simple", s.simplified ? "1" : "0"};
}
}  // namespace

services::session session_store::create(services::session s) {
  s.id = random_token();
  s.csrf = random_token();
  if (s.via_card) {
    s.roles.clear();
    s.role_units.clear();
  }
  const auto k = key(s.id);
  std::vector<std::string> hset{"HSET", k, "uid", std::to_string(s.user_id), "csrf", s.csrf,
                                "created", std::to_string(now_seconds()), "card", s.via_card ? "1" : "0"};
  for (auto& f : identity_fields(s)) hset.push_back(std::move(f));
  redis_.command(hset);
  redis_.command({"EXPIRE", k, std::to_string(lifetimes_.idle.count())});
  // Keys of expired sessions linger in the set until it expires itself: harmless, as
  // deleting a missing key is a no-op.
  redis_.command({"SADD", user_key(s.user_id), k});
  redis_.command({"EXPIRE", user_key(s.user_id), std::to_string(lifetimes_.absolute.count())});
  return s;
}

std::optional<services::session> session_store::load(const std::string& id) {
  if (id.size() != 43) return std::nullopt;  // not one of ours: skip the round trip
  const auto k = key(id);
  // One round trip: read the session and push its idle expiry back together.
  static const std::string read_and_touch =
      "local fields = redis.call('HGETALL', KEYS[1]) "
      "if #fields > 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return fields";
  auto reply = redis_.command({"EVAL", read_and_touch, "1", k, std::to_string(lifetimes_.idle.count())});
  if (reply.elements.empty()) return std::nullopt;
  services::session s;
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
    else if (field == "card")
      s.via_card = value == "1";
    else if (field == "simple")
      s.simplified = value == "1";
    else if (field == "home")
      for (const auto& unit : split(value)) s.home_path.push_back(std::stoull(unit));
    else if (field == "roles")
      for (const auto& role : split(value)) s.roles.insert(role);
    else if (field == "role_units")
      for (const auto& pair : split(value))
        if (auto eq = pair.find('='); eq != std::string::npos)
          s.role_units[pair.substr(0, eq)] = std::stoull(pair.substr(eq + 1));
  }
  if (s.user_id == 0 || now_seconds() - created > lifetimes_.absolute.count()) {
    destroy(id);
    return std::nullopt;
  }
  return s;
}

void session_store::destroy(const std::string& id) {
  redis_.command({"DEL", key(id)});
}

void session_store::refresh(const session& identity) {
  // Only sessions that still exist: HSET on an expired key would revive it without a TTL.
  // ARGV is identity_fields(): [6] holds the roles and [8] their units.
  static const std::string script =
      "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end "
      "if redis.call('HGET', KEYS[1], 'card') == '1' then ARGV[6] = ''; ARGV[8] = '' end "
      "redis.call('HSET', KEYS[1], unpack(ARGV)) return 1";
  auto keys = redis_.command({"SMEMBERS", user_key(identity.user_id)});
  for (const auto& k : keys.elements) {
    std::vector<std::string> eval{"EVAL", script, "1", k.str};
    for (auto& f : identity_fields(identity)) eval.push_back(std::move(f));
    redis_.command(eval);
  }
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
