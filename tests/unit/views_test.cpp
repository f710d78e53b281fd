#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "view/views.hpp"

using lifelong::view::views;

namespace {
void collect(const nlohmann::json& j, const std::string& prefix, std::set<std::string>& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_object())
      collect(*it, prefix + it.key() + ".", out);
    else
      out.insert(prefix + it.key());
  }
}
}  // namespace

TEST(Views, BothCatalogsHaveTheSameKeys) {
  views v(LIFELONG_SOURCE_DIR "/templates");
  std::set<std::string> zh, en;
  collect(v.catalog("zh-CN"), "", zh);
  collect(v.catalog("en"), "", en);
  EXPECT_EQ(zh, en);
  EXPECT_GT(zh.size(), 50u);
}

TEST(Views, EveryKeyATemplateUsesExists) {
  views v(LIFELONG_SOURCE_DIR "/templates");
  std::set<std::string> keys;
  collect(v.catalog("zh-CN"), "", keys);
  std::regex use(R"(\{\{\s*t\.([a-z_.]+)\s*\}\})");
  for (const auto& dir : {"/templates", "/templates/partials"})
    for (const auto& entry : std::filesystem::directory_iterator(std::string(LIFELONG_SOURCE_DIR) + dir)) {
      if (entry.path().extension() != ".mustache") continue;
      std::ifstream in(entry.path());
      std::string text((std::istreambuf_iterator<char>(in)), {});
      for (std::sregex_iterator m(text.begin(), text.end(), use), end; m != end; ++m)
        EXPECT_TRUE(keys.count((*m)[1])) << entry.path().filename() << " uses missing key " << (*m)[1];
    }
}

TEST(Views, UserTextIsEscaped) {
  views v(LIFELONG_SOURCE_DIR "/templates");
  nlohmann::json model{{"status", 404}, {"message", "<script>alert(1)</script>"}};
  auto html = v.page("error", model, "en");
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("lang=\"en\""), std::string::npos);
}

TEST(Views, MessagesByKeyWithFallbackToTheKey) {
  views v(LIFELONG_SOURCE_DIR "/templates");
  EXPECT_EQ(v.message("en", "errors.not_found").substr(0, 8), "The page");
  EXPECT_EQ(v.message("fr", "nav.catalog"), "课程");  // unknown language: Chinese
  EXPECT_EQ(v.message("en", "no.such.key"), "no.such.key");
}

TEST(Views, LanguageChoice) {
  using lifelong::view::choose_language;
  EXPECT_EQ(choose_language("", "", ""), "zh-CN");
  EXPECT_EQ(choose_language("en", "zh-CN", ""), "en");
  EXPECT_EQ(choose_language("", "en", "zh-CN"), "en");
  EXPECT_EQ(choose_language("xx", "", "en-US,en;q=0.9"), "en");
  EXPECT_EQ(choose_language("", "", "zh-CN,zh;q=0.9,en;q=0.8"), "zh-CN");
}
