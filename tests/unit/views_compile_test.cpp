// Templates are compiled once at start: partials written in, each language's messages
// filled in (escaped as {{ }} escapes), each thread parsing a template once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "view/views.hpp"

namespace fs = std::filesystem;
using lifelong::view::views;

namespace {
// A templates folder of its own: layout, one page with a partial, both catalogs.
struct template_dir {
  fs::path root = fs::temp_directory_path() / ("views-" + std::to_string(::getpid()) + "-" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
  template_dir() {
    fs::remove_all(root);
    fs::create_directories(root / "partials");
    fs::create_directories(root / "messages");
    write("layout.mustache", "<html lang=\"{{lang}}\"><title>{{t.site.name}}</title>{{{content}}}</html>");
    write("page.mustache", "<h1>{{t.page.heading}}</h1>{{#items}}{{> item}}{{/items}}<p>{{{t.page.raw}}}</p>");
    write("partials/item.mustache", "<li>{{name}} · {{t.page.each}}</li>");
    write("messages/zh-CN.json", R"({"site":{"name":"终身学习"},"page":{"heading":"课程 <新>","each":"一门","raw":"<b>粗</b>"}})");
    write("messages/en.json", R"({"site":{"name":"Lifelong"},"page":{"heading":"Courses & more","each":"one","raw":"<b>bold</b>"}})");
  }
  ~template_dir() { fs::remove_all(root); }
  void write(const std::string& name, const std::string& text) { std::ofstream(root / name) << text; }
};
}  // namespace

TEST(CompiledViews, MessagesAndPartialsAreWrittenInPerLanguage) {
  template_dir d;
  views v(d.root.string());
  const nlohmann::json model{{"items", {{{"name", "<甲>"}}, {{"name", "乙"}}}}};
  EXPECT_EQ(v.page("page", model, "zh-CN"),
            "<html lang=\"zh-CN\"><title>终身学习</title><h1>课程 &lt;新&gt;</h1><li>&lt;甲&gt; · 一门</li>"
            "<li>乙 · 一门</li><p><b>粗</b></p></html>");
  EXPECT_EQ(v.page("page", model, "en"),
            "<html lang=\"en\"><title>Lifelong</title><h1>Courses &amp; more</h1><li>&lt;甲&gt; · one</li>"
            "<li>乙 · one</li><p><b>bold</b></p></html>");
}

TEST(CompiledViews, ManyThreadsRenderTheSamePageAlike) {
  template_dir d;
  views v(d.root.string());
  const nlohmann::json model{{"items", {{{"name", "x"}}}}};
  const auto expected = v.page("page", model, "en");
  std::vector<std::future<bool>> renders;
  for (int t = 0; t < 8; ++t)
    renders.push_back(std::async(std::launch::async, [&] {
      for (int i = 0; i < 50; ++i)
        if (v.page("page", model, i % 2 ? "en" : "zh-CN") != (i % 2 ? expected : v.page("page", model, "zh-CN")))
          return false;
      return true;
    }));
  for (auto& r : renders) EXPECT_TRUE(r.get());
}

TEST(CompiledViews, ABrokenTemplateOrAMissingPartialStopsTheStartNamingIt) {
  {
    template_dir d;
    d.write("broken.mustache", "{{#open}}never closed");
    try {
      views v(d.root.string());
      FAIL() << "a broken template was accepted";
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find("template broken"), std::string::npos) << e.what();
    }
  }
  {
    template_dir d;
    d.write("page.mustache", "{{> nowhere}}");
    EXPECT_THROW(views(d.root.string()), std::runtime_error);
  }
  {
    template_dir d;
    d.write("partials/item.mustache", "{{> item}}");  // includes itself
    EXPECT_THROW(views(d.root.string()), std::runtime_error);
  }
}
