#include "router.hpp"

namespace lifelong::http {
namespace {
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return parts;
}
}  // namespace

void router::add(std::string method, std::string_view pattern, handler h, body_kind body, admission admit) {
  route r{std::move(method), {}, std::move(h), body, std::move(admit), {}};
  for (auto part : split_path(pattern)) r.segments.emplace_back(part);
  r.pattern = std::string(pattern);
  routes_.push_back(std::move(r));
}

void router::add_quick(std::string method, std::string_view pattern, bool for_anyone, quick_handler quick, handler h) {
  add(std::move(method), pattern, std::move(h));
  routes_.back().quick = std::move(quick);
  routes_.back().quick_for_anyone = for_anyone;
}

bool router::matches(const route& r, const std::vector<std::string_view>& parts, request& req) {
  std::map<std::string, std::string, std::less<>> params;
  std::size_t i = 0;
  for (; i < r.segments.size(); ++i) {
    const auto& seg = r.segments[i];
    if (seg.rfind("{*", 0) == 0) {
      if (i >= parts.size()) return false;
      std::string rest;
      for (std::size_t j = i; j < parts.size(); ++j) rest.append(j == i ? "" : "/").append(parts[j]);
      params[seg.substr(2, seg.size() - 3)] = rest;
      req.path_params = std::move(params);
      return true;
    }
    if (i >= parts.size()) return false;
    if (seg.front() == '{')
      params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
    else if (seg != parts[i])
      return false;
  }
  if (i != parts.size()) return false;
  req.path_params = std::move(params);
  return true;
}

match_result router::match(request& req) const {
  auto parts = split_path(req.path);
  match_result result;
  const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
  for (const auto& r : routes_) {
    if (!matches(r, parts, req)) continue;
    if (r.method == method) {
      result.found = &r;
      return result;
    }
    result.path_known = true;
  }
  req.path_params.clear();
  return result;
}

}  // namespace lifelong::http
