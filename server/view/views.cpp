#include "views.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <tuple>

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

// {{> name}} → the partial's text, its own partials written in too: what kainjow renders
// in place of the tag, once at start instead of on every render.
std::string with_partials(const std::string& text, const std::map<std::string, std::string>& partials, int depth = 0) {
  static const std::regex tag(R"(\{\{>\s*([\w-]+)\s*\}\})");
  if (depth > 8) throw std::runtime_error("partials nest too deeply (a partial that includes itself?)");
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    const auto found = partials.find((*it)[1].str());
    if (found == partials.end()) throw std::runtime_error("no partial " + (*it)[1].str());
    out += with_partials(found->second, partials, depth + 1);
    last = (*it)[0].second;
  }
  out.append(last, text.cend());
  return out;
}

// The message at a dotted key; empty when there is none (as a missing variable renders).
std::string message_at(const nlohmann::json& catalog, const std::string& key) {
  const nlohmann::json* node = &catalog;
  std::size_t from = 0;
  while (from <= key.size()) {
    const auto dot = key.find('.', from);
    const auto part = key.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
    if (!node->is_object() || !node->contains(part)) return {};
    node = &(*node)[part];
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  return node->is_string() ? node->get<std::string>() : std::string();
}

// {{t.a.b}} → the message, escaped as {{ }} escapes; {{{t.a.b}}} and {{& t.a.b}} → as it
// is. The catalog then needs no copying into every page's data.
std::string with_messages(const std::string& text, const nlohmann::json& catalog) {
  static const std::regex tag(R"(\{\{\{\s*t\.([\w.]+)\s*\}\}\}|\{\{&\s*t\.([\w.]+)\s*\}\}|\{\{\s*t\.([\w.]+)\s*\}\})");
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    if ((*it)[3].matched)
      out += kainjow::mustache::html_escape<std::string>(message_at(catalog, (*it)[3].str()));
    else
      out += message_at(catalog, (*it)[1].matched ? (*it)[1].str() : (*it)[2].str());
    last = (*it)[0].second;
  }
  out.append(last, text.cend());
  return out;
}

std::atomic<std::uint64_t> next_views_id{1};

}  // namespace

views::views(const std::string& dir) : id_(next_views_id++) {
  std::map<std::string, std::string> templates, partials;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".mustache") templates[entry.path().stem().string()] = read_file(entry.path());
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "partials"))
    if (entry.path().extension() == ".mustache") partials[entry.path().stem().string()] = read_file(entry.path());
  for (const auto& lang : languages) {
    auto path = fs::path(dir) / "messages" / (lang + ".json");
    auto parsed = nlohmann::json::parse(read_file(path), nullptr, false);
    if (parsed.is_discarded()) throw std::runtime_error(path.string() + " is not valid JSON");
    // A message is filled into templates before they are parsed: it must not read as a tag.
    if (parsed.dump().find("{{") != std::string::npos) throw std::runtime_error(path.string() + ": a message holds {{");
    catalogs_[lang] = std::move(parsed);
  }
  if (!templates.count("layout")) throw std::runtime_error("templates/layout.mustache is missing");
  for (const auto& [name, text] : templates) {
    const auto expanded = with_partials(text, partials);
    for (const auto& lang : languages) {
      auto compiled = with_messages(expanded, catalogs_.at(lang));
      mustache check(compiled);
      if (!check.is_valid()) throw std::runtime_error("template " + name + ": " + check.error_message());
      compiled_[lang][name] = std::move(compiled);
    }
  }
}

std::string views::render(const std::string& name, const std::string& lang, const nlohmann::json& model) const {
  const auto& of_lang = compiled_.count(lang) ? compiled_.at(lang) : compiled_.at(languages.front());
  auto it = of_lang.find(name);
  if (it == of_lang.end()) throw std::runtime_error("no template " + name);
  // This thread's parse of it, made the first time (keyed by this instance: tests build several).
  thread_local std::map<std::tuple<std::uint64_t, std::string, std::string>, std::unique_ptr<mustache>> parsed;
  auto& tmpl = parsed[{id_, lang, name}];
  if (!tmpl) tmpl = std::make_unique<mustache>(it->second);
  return tmpl->render(to_data(model));
}

std::string views::page(const std::string& name, nlohmann::json model, const std::string& lang) const {
  nlohmann::json frame;
  for (const char* key : {"user", "csrf", "here", "back_path", "page_title", "simple", "large_pointer", "mode_prompt",
                          "waiting_reviews", "waiting_reviews_text", "site"})
    if (model.contains(key)) frame[key] = model[key];
  return framed(fragment(name, std::move(model), lang), std::move(frame), lang);
}

std::string views::fragment(const std::string& name, nlohmann::json model, const std::string& lang) const {
  model["lang"] = lang;
  model["lang_is_en"] = lang == "en";
  return render(name, lang, model);
}

std::string views::framed(std::string content, nlohmann::json frame, const std::string& lang) const {
  // The page's HTML goes in unescaped: everything inside it was escaped by {{ }} when the
  // page rendered.
  frame["lang"] = lang;
  frame["lang_is_en"] = lang == "en";
  frame["content"] = std::move(content);
  return render("layout", lang, frame);
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

std::string views::message(const std::string& lang, const std::string& key,
                           const std::vector<std::pair<std::string, std::string>>& values) const {
  auto text = message(lang, key);
  for (const auto& [name, value] : values)
    if (auto at = text.find("{" + name + "}"); at != std::string::npos) text.replace(at, name.size() + 2, value);
  return text;
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
