#include "views.hpp"

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;
using kainjow::mustache::mustache;
using mdata = kainjow::mustache::data;

namespace lifelong::view {
namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

mdata to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mdata d{mdata::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mdata d{mdata::type::list};
      for (const auto& item : j) d.push_back(to_data(item));
      return d;
    }
    case nlohmann::json::value_t::string:
      return mdata{j.get<std::string>()};
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mdata{mdata::type::bool_true} : mdata{mdata::type::bool_false};
    case nlohmann::json::value_t::null:
      return mdata{mdata::type::bool_false};
    default:
      return mdata{j.dump()};
  }
}

}  // namespace

views::views(const std::string& dir) {
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".mustache") templates_[entry.path().stem().string()] = read_file(entry.path());
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "partials"))
    if (entry.path().extension() == ".mustache") partials_[entry.path().stem().string()] = read_file(entry.path());
  for (const auto& lang : languages) {
    auto path = fs::path(dir) / "messages" / (lang + ".json");
    auto parsed = nlohmann::json::parse(read_file(path), nullptr, false);
    if (parsed.is_discarded()) throw std::runtime_error(path.string() + " is not valid JSON");
    catalogs_[lang] = std::move(parsed);
  }
  for (const auto& [name, text] : templates_) {
    mustache check(text);
    if (!check.is_valid()) throw std::runtime_error("template " + name + ": " + check.error_message());
  }
  if (!templates_.count("layout")) throw std::runtime_error("templates/layout.mustache is missing");
}

std::string views::render(const std::string& name, const nlohmann::json& model) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) throw std::runtime_error("no template " + name);
  mdata data = to_data(model);
  for (const auto& [pname, ptext] : partials_) {
    std::string text = ptext;
    data.set(pname, kainjow::mustache::partial([text] { return text; }));
  }
  mustache tmpl(it->second);
  return tmpl.render(data);
}

std::string views::page(const std::string& name, nlohmann::json model, const std::string& lang) const {
  nlohmann::json frame;
  for (const char* key : {"user", "csrf", "here", "back_path", "page_title", "simple"})
    if (model.contains(key)) frame[key] = model[key];
  return framed(fragment(name, std::move(model), lang), std::move(frame), lang);
}

std::string views::fragment(const std::string& name, nlohmann::json model, const std::string& lang) const {
  model["t"] = catalog(lang);
  model["lang"] = lang;
  model["lang_is_en"] = lang == "en";
  return render(name, model);
}

std::string views::framed(std::string content, nlohmann::json frame, const std::string& lang) const {
  // The layout needs only its own words (the whole catalog would be converted for
  // nothing on every page), and the page's HTML goes in unescaped: everything inside
  // it was escaped by {{ }} when the page rendered.
  const auto& words = catalog(lang);
  frame["t"] = {{"nav", words.value("nav", nlohmann::json::object())},
                {"site", words.value("site", nlohmann::json::object())}};
  frame["lang"] = lang;
  frame["lang_is_en"] = lang == "en";
  frame["content"] = std::move(content);
  return render("layout", frame);
}

const nlohmann::json& views::catalog(const std::string& lang) const {
  auto it = catalogs_.find(lang);
  return it != catalogs_.end() ? it->second : catalogs_.at(languages.front());
}

std::string views::message(const std::string& lang, const std::string& key) const {
  const nlohmann::json* node = &catalog(lang);
  std::stringstream parts(key);
  std::string part;
  while (std::getline(parts, part, '.')) {
    if (!node->is_object() || !node->contains(part)) return key;
    node = &(*node)[part];
  }
  return node->is_string() ? node->get<std::string>() : key;
}

std::string choose_language(const std::string& query_lang, const std::string& cookie_lang,
                            const std::string& accept_language) {
  for (const auto* candidate : {&query_lang, &cookie_lang})
    for (const auto& lang : languages)
      if (*candidate == lang) return lang;
  // Chinese is the default; English only when the browser prefers it over Chinese.
  auto en = accept_language.find("en");
  auto zh = accept_language.find("zh");
  if (en != std::string::npos && (zh == std::string::npos || en < zh)) return "en";
  return languages.front();
}

}  // namespace lifelong::view
