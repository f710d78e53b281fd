#include "bench_corpus.hpp"

#include <random>
#include <string>
#include <vector>

#include "services/search_index.hpp"
#include "storage/sql.hpp"

namespace lifelong::tools {
namespace {
const std::vector<std::string> who{"老年人", "社区居民", "家长", "青少年", "在岗职工", "农村居民", "新手", "退休人员"};
const std::vector<std::string> topics{
    "防范电信诈骗", "健康养生",    "家庭急救", "法律常识", "Excel 表格", "书法",       "太极拳",   "手机摄影",
    "家常烹饪",     "科学育儿",    "心理健康", "垃圾分类", "消防安全",   "医保政策",   "家庭理财", "短视频制作",
    "英语口语",     "Python 编程", "茶艺",     "园艺",     "智能手机",   "微信支付",   "中医保健", "合唱",
    "广场舞",       "剪纸",        "交通安全", "反邪教",   "营养膳食",   "睡眠与健康", "电脑基础", "Word 排版"};
const std::vector<std::string> kinds{"入门", "进阶", "十讲", "实用技巧", "微课", "一本通", "常见问题", "案例解析"};
const std::vector<std::string> phrases{"结合真实案例",   "一步一步演示", "适合零基础学员", "专家讲解",
                                       "社区老师带你学", "每节十分钟",   "学完就能用",     "附练习"};
const std::vector<std::string> categories{"law",  "ethics",  "health", "family", "vocational", "science",
                                          "arts", "leisure", "ageing", "safety", "anti_fraud", "digital"};
}  // namespace

int make_bench_corpus(sql::Connection& db, int courses, int lessons) {
  auto have = storage::select(db, "SELECT COUNT(*) FROM courses WHERE status = 'published'");
  have->next();
  const int missing = courses - have->getInt(1);
  if (missing <= 0) return 0;
  auto teacher = storage::prepare(db,
                                  "INSERT INTO users (username, display_name, password_hash) "
                                  "VALUES ('bench_teacher', '测试老师', '!') "
                                  "ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");
  teacher->execute();
  const auto teacher_id = storage::last_insert_id(db);
  std::mt19937 random(1);
  auto pick = [&](const std::vector<std::string>& list) { return list[random() % list.size()]; };
  for (int i = 0; i < missing; ++i) {
    if (i % 500 == 0) db.setAutoCommit(false);
    const auto topic = pick(topics);
    auto course = storage::prepare(
        db,
        "INSERT INTO courses (title, summary, category_code, teacher_id, status, published_at, learners) "
        "VALUES (?, ?, ?, ?, 'published', UTC_TIMESTAMP() - INTERVAL ? MINUTE, ?)");
    course->setString(1, pick(who) + topic + pick(kinds));
    course->setString(2, pick(phrases) + "，" + pick(phrases) + "。" + pick(topics) + "与" + topic + "。");
    course->setString(3, pick(categories));
    course->setUInt64(4, teacher_id);
    course->setInt(5, static_cast<int>(random() % 500000));
    course->setInt(6, static_cast<int>(random() % 3000));
    course->execute();
    const auto course_id = storage::last_insert_id(db);
    std::string sql =
        "INSERT INTO lessons (course_id, position, title, status, duration_ms, media_version, "
        "published_version, published_duration_ms) VALUES ";
    for (int l = 0; l < lessons; ++l)
      sql += l ? ", (?, ?, ?, 'ready', 600000, 1, 1, 600000)" : "(?, ?, ?, 'ready', 600000, 1, 1, 600000)";
    auto lesson = storage::prepare(db, sql.c_str());
    for (int l = 0; l < lessons; ++l) {
      lesson->setUInt64(3 * l + 1, course_id);
      lesson->setInt(3 * l + 2, l + 1);
      lesson->setString(3 * l + 3, "第" + std::to_string(l + 1) + "课：" + pick(topics) + pick(kinds));
    }
    lesson->execute();
    services::index_course(db, course_id);
    if (i % 500 == 499 || i == missing - 1) {
      db.commit();
      db.setAutoCommit(true);
    }
  }
  return missing;
}

}  // namespace lifelong::tools
