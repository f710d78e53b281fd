#include "demo_seed.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "common/tokens.hpp"
#include "services/message_posts.hpp"
#include "storage/sql.hpp"

namespace fs = std::filesystem;

namespace lifelong::tools {
namespace {
// "YYYY-MM-DD" of the day `days` after today in China.
std::string china_day_from_now(int days) {
  const auto t = std::chrono::system_clock::now() + std::chrono::hours(8 + 24 * days);
  const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

struct demo_course {
  const char* title;
  const char* summary;
  const char* category;
  std::vector<const char*> lessons;
  std::vector<std::string> groups;
};

}  // namespace

bool seed_demo(app& a, const fs::path& video_dir, const fs::path& passwords_file) {
  const bool exists = a.db.with([](sql::Connection& db) {
    return storage::select(db, "SELECT 1 FROM org_units WHERE level = 'city' AND name = '示范市'")->next();
  });
  if (exists) return false;

  // The demo tree goes in through the same CSV import administrators use (one transaction).
  const auto console = services::console_operator();
  a.units.import_csv(console,
                     "city,district,street,community,population\n"
                     "示范市,,,,2000000\n示范市,东城区,,,800000\n示范市,西城区,,,1200000\n"
                     "示范市,东城区,和平街道,,90000\n示范市,东城区,新华街道,,70000\n示范市,西城区,长安街道,,110000\n"
                     "示范市,东城区,和平街道,幸福社区,12000\n示范市,东城区,和平街道,阳光社区,9000\n"
                     "示范市,东城区,新华街道,翠竹社区,8000\n示范市,西城区,长安街道,长乐社区,15000\n");
  std::uint64_t community = 0, street = 0, city = 0;
  for (const auto& u : a.units.all()) {
    if (u.level == "city") city = u.id;
    if (u.name == "和平街道") street = u.id;
    if (u.name == "幸福社区") community = u.id;
  }

  std::ofstream passwords(passwords_file, std::ios::app);
  auto make_user = [&](const char* username, const char* name, std::uint64_t unit) {
    const auto password = random_password();
    auto id = a.users.register_user({username, name, password, unit});
    passwords << username << " " << password << "\n";
    return id;
  };
  // Homes are communities; roles cover the street (teacher, administrator) or the community (staff).
  const auto teacher = make_user("demo_teacher", "王老师", community);
  a.users.grant_role(console, teacher, "teacher", street);
  make_user("demo_learner", "李阿姨", community);
  const auto admin = make_user("demo_admin", "张主任", community);
  a.users.grant_role(console, admin, "reviewer", street);
  const auto staff = make_user("demo_staff", "赵社工", community);
  a.users.grant_role(console, staff, "staff", community);
  const auto city_admin = make_user("demo_city", "孙科长", community);  // edits the city's categories
  a.users.grant_role(console, city_admin, "site_admin", std::nullopt);
  // Each acts as themselves, as they would on the site.
  const services::actor as_teacher{teacher, {"teacher"}, {{"teacher", street}}, {}, false};
  const services::actor as_admin{admin, {"reviewer"}, {{"reviewer", street}}, {}, false};
  const services::actor as_city_admin{city_admin, {"site_admin"}, {}, {}, false};

  const std::vector<demo_course> courses{
      {"老年人防范电信诈骗",
       "识别冒充公检法、保健品推销和“中奖”短信等常见骗局，守好养老钱。",
       "anti_fraud",
       {"常见骗局有哪些", "接到陌生电话怎么办"},
       {"older_adults", "families"}},
      {"智能手机入门：微信视频通话",
       "一步一步学会用微信和家人视频通话。",
       "digital",
       {"打开微信，找到家人"},
       {"older_adults"}},
      {"家庭急救小常识", "烫伤、跌倒、噎食时的正确处理方法。", "health", {"跌倒以后先别急着起来"}, {"everyone"}},
  };
  int video = 1;
  for (const auto& c : courses) {
    auto course_id = a.courses.create(as_teacher, {c.title, c.summary, c.category, 2.0, c.groups});
    for (const auto* title : c.lessons) {
      auto lesson_id = a.courses.add_lesson(as_teacher, course_id, title);
      const auto name = "demo-" + std::to_string(video++);
      const auto source = video_dir / (name + ".mp4");
      // accept_upload moves the file, so hand it a copy and keep the original.
      const auto copy = a.media.media_dir() / "uploading" / ("seed-" + random_token() + ".part");
      fs::create_directories(copy.parent_path());
      fs::copy_file(source, copy);
      a.media.accept_upload(lesson_id, copy.string());
      // Its captions, made with the video (scripts/lib/demo_videos.sh), when there are any.
      if (std::ifstream srt{video_dir / (name + ".srt"), std::ios::binary}) {
        const std::string text{std::istreambuf_iterator<char>(srt), std::istreambuf_iterator<char>()};
        a.captions.attach(as_teacher, lesson_id, "zh-CN", text);
      }
    }
    // Demo courses are published at once; their lessons play when transcoded.
    a.db.with([&](sql::Connection& db) {
      auto st =
          storage::prepare(db, "UPDATE courses SET status = 'published', published_at = UTC_TIMESTAMP() WHERE id = ?");
      st->setUInt64(1, course_id);
      st->execute();
      // Their uploads are approved as they are; the transcoder may be done with one already.
      auto lessons = storage::prepare(db,
                                      "UPDATE lessons SET published_version = media_version, "
                                      "published_duration_ms = duration_ms WHERE course_id = ?");
      lessons->setUInt64(1, course_id);
      lessons->execute();
      services::message_posts::new_course(db, course_id);  // news on the demo residents' messages page
    });
    a.courses.course_changed();  // a server already running shows them at once
  }
  // Offline classes coming up, for residents of every community and of 和平街道.
  a.activities.create(as_city_admin, {city, "anti_fraud", "社区防诈骗讲座：守好养老钱", "市社区学院报告厅",
                                      china_day_from_now(7) + "T09:30", 100});
  a.activities.create(
      as_admin, {street, "digital", "智能手机互助课堂", "和平街道社区教育中心", china_day_from_now(3) + "T14:30", 20});
  return true;
}

}  // namespace lifelong::tools
