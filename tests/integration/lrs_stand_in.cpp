#include "lrs_stand_in.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <regex>

#include "common/tokens.hpp"
#include "http/form.hpp"
#include "xapi/statements.hpp"

namespace lifelong::test_env {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

// What the xAPI 1.0.3 statement must carry for the credit bank; empty when it is fine.
std::string shape_problem(const nlohmann::json& s) {
  static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  static const std::regex timestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  if (!s.is_object()) return "not an object";
  if (!s.contains("id") || !s["id"].is_string() || !std::regex_match(s["id"].get<std::string>(), uuid)) return "id";
  const auto& actor = s.value("actor", nlohmann::json::object());
  if (actor.value("objectType", "") != "Agent" || !actor.contains("account") ||
      actor["account"].value("homePage", "").rfind("http", 0) != 0 || actor["account"].value("name", "").empty())
    return "actor";
  const auto verb = s.value("verb", nlohmann::json::object()).value("id", "");
  if (verb != xapi::verb_registered && verb != xapi::verb_launched && verb != xapi::verb_progressed &&
      verb != xapi::verb_completed)
    return "verb " + verb;
  const auto& object = s.value("object", nlohmann::json::object());
  const auto type = object.value("definition", nlohmann::json::object()).value("type", "");
  if (object.value("id", "").rfind("http", 0) != 0 || (type != xapi::activity_course && type != xapi::activity_lesson))
    return "object";
  if (!s.contains("timestamp") || !std::regex_match(s["timestamp"].get<std::string>(), timestamp)) return "timestamp";
  if (verb == xapi::verb_progressed || verb == xapi::verb_completed) {
    const auto& ext = s.value("result", nlohmann::json::object()).value("extensions", nlohmann::json::object());
    if (!ext.contains(xapi::progress_extension) || !ext[xapi::progress_extension].is_number_integer()) return "progress";
    const int p = ext[xapi::progress_extension].get<int>();
    if (p < 0 || p > 100) return "progress range";
  }
  if (verb == xapi::verb_completed && !s["result"].value("completion", false)) return "completion";
  return {};
}
}  // namespace

lrs_stand_in::lrs_stand_in(std::string username, std::string password)
    : authorization_("Basic " + base64_encode(username + ":" + password)),
      acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      thread_([this] { serve(); }) {}

lrs_stand_in::~lrs_stand_in() {
  stopping_ = true;
  try {  // wake the blocking accept
    asio::ip::tcp::socket s(io_);
    s.connect(acceptor_.local_endpoint());
  } catch (const std::exception&) {
  }
  thread_.join();
}

std::string lrs_stand_in::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/xapi";
}

std::vector<nlohmann::json> lrs_stand_in::stored() {
  std::lock_guard lock(mutex_);
  return stored_;
}

std::vector<std::string> lrs_stand_in::problems() {
  std::lock_guard lock(mutex_);
  return problems_;
}

void lrs_stand_in::serve() {
  while (!stopping_) {
    asio::ip::tcp::socket socket(io_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stopping_) continue;
    handle(std::move(socket));
  }
}

void lrs_stand_in::handle(asio::ip::tcp::socket socket) {
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> req;
  boost::system::error_code ec;
  bhttp::read(socket, buffer, req, ec);
  if (ec) return;
  auto answer = [&](bhttp::status status, const std::string& problem = {}) {
    if (!problem.empty()) {
      std::lock_guard lock(mutex_);
      problems_.push_back(problem);
    }
    bhttp::response<bhttp::string_body> res{status, 11};
    res.keep_alive(false);
    res.set("X-Experience-API-Version", "1.0.3");
    res.prepare_payload();
    bhttp::write(socket, res, ec);
  };
  if (mode_ == mode::refuse) return answer(bhttp::status::service_unavailable);
  if (req[bhttp::field::authorization] != authorization_) return answer(bhttp::status::unauthorized, "authorization");
  if (req["X-Experience-API-Version"] != "1.0.3") return answer(bhttp::status::bad_request, "version header");
  if (req[bhttp::field::content_type].substr(0, 16) != "application/json") return answer(bhttp::status::bad_request, "type");
  const auto [path, query] = lifelong::http::split_target(std::string_view(req.target().data(), req.target().size()));
  const auto params = lifelong::http::parse_urlencoded(query);
  const auto id = params.count("statementId") ? params.at("statementId") : "";
  if (req.method() != bhttp::verb::put || path != "/xapi/statements" || id.empty())
    return answer(bhttp::status::bad_request, "method or path");
  const auto statement = nlohmann::json::parse(req.body(), nullptr, false);
  if (auto problem = shape_problem(statement); !problem.empty()) return answer(bhttp::status::bad_request, problem);
  if (statement["id"] != id) return answer(bhttp::status::bad_request, "statementId differs from id");
  {
    std::lock_guard lock(mutex_);
    auto same = std::find_if(stored_.begin(), stored_.end(), [&](const auto& s) { return s["id"] == id; });
    if (same != stored_.end()) {
      ++duplicates_;
      if (*same != statement) return answer(bhttp::status::conflict, "a different statement with a known id");
    } else {
      stored_.push_back(statement);
    }
  }
  if (mode_ == mode::store_then_hang_up) return;  // the answer is lost on the way
  answer(bhttp::status::no_content);
}

}  // namespace lifelong::test_env
