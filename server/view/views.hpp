#pragma once
// Server-rendered pages: templates/*.mustache (partials in templates/partials/) and the
// message catalogs templates/messages/<lang>.json that every visible string comes from.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifelong::view {

inline const std::vector<std::string> languages{"zh-CN", "en"};

class views {
 public:
  // Loads every template and catalog and compiles each template once per language
  // (partials written in, messages filled in); throws naming the file that is missing or
  // broken, so a template error stops the server at start.
  explicit views(const std::string& templates_dir);

  // Renders templates/<name>.mustache inside layout.mustache. `{{t.…}}` in templates are
  // lang's messages (filled in when compiled); the model gains `lang`.
  std::string page(const std::string& name, nlohmann::json model, const std::string& lang) const;
  // The two halves of page: the page's own HTML, and that HTML inside the layout with
  // the frame (user, csrf, here, page_title, simple). A page cached by its content alone is
  // framed for each person (handlers/catalog_home.cpp).
  std::string fragment(const std::string& name, nlohmann::json model, const std::string& lang) const;
  std::string framed(std::string content, nlohmann::json frame, const std::string& lang) const;

  // A message by dotted key ("errors.not_found"); the key itself if it is missing.
  std::string message(const std::string& lang, const std::string& key) const;
  // The same with each "{name}" in it replaced by its value ("{n} 人在学", {{"n", "3"}}).
  std::string message(const std::string& lang, const std::string& key,
                      const std::vector<std::pair<std::string, std::string>>& values) const;
  const nlohmann::json& catalog(const std::string& lang) const;

 private:
  std::string render(const std::string& name, const std::string& lang, const nlohmann::json& model) const;

  std::map<std::string, nlohmann::json> catalogs_;
  // lang → template name → the template with its partials and messages written in. Each
  // thread parses one the first time it renders it (a parsed template is not for sharing
  // between threads), then renders from the parse.
  std::map<std::string, std::map<std::string, std::string>> compiled_;
  std::uint64_t id_;  // tells this instance's parses from another's in a thread's cache
};

// Picks a supported language from ?lang=, the lang cookie, or Accept-Language.
std::string choose_language(const std::string& query_lang, const std::string& cookie_lang,
                            const std::string& accept_language);

}  // namespace lifelong::view
