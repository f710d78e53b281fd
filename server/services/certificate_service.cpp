#include "certificate_service.hpp"

#include "storage/sql.hpp"
#include "verification_code.hpp"

namespace lifelong::services {
namespace {
constexpr const char* certificate_columns =
    "SELECT cc.verification_code, u.display_name, c.id, c.title, t.display_name AS teacher_name, "
    "DATE_FORMAT(cc.completed_at, '%Y-%m-%d %H:%i:%s') AS completed_on, cc.credits FROM course_completions cc "
    "JOIN users u ON u.id = cc.user_id JOIN courses c ON c.id = cc.course_id JOIN users t ON t.id = c.teacher_id ";

std::optional<certificate> read_one(storage::statement& st) {
  storage::rows r(st->executeQuery());
  if (!r->next()) return std::nullopt;
  certificate c;
  c.code = r->isNull(1) ? "" : storage::text(r, "verification_code");
  c.learner_name = storage::text(r, "display_name");
  c.course_id = r->getUInt64("id");
  c.course_title = storage::text(r, "title");
  c.teacher_name = storage::text(r, "teacher_name");
  c.completed_at = storage::text(r, "completed_on");
  c.credits = r->getDouble("credits");
  return c;
}
}  // namespace

std::optional<certificate> certificate_service::of(std::uint64_t user_id, std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) -> std::optional<certificate> {
    storage::change(db,
                    "UPDATE course_completions SET verification_code = ? "
                    "WHERE user_id = ? AND course_id = ? AND verification_code IS NULL",
                    new_verification_code(), user_id, course_id);
    auto st =
        storage::prepare(db, (std::string(certificate_columns) + "WHERE cc.user_id = ? AND cc.course_id = ?").c_str());
    st->setUInt64(1, user_id);
    st->setUInt64(2, course_id);
    return read_one(st);
  });
}

std::optional<certificate> certificate_service::by_code(const std::string& code) {
  return reads_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, (std::string(certificate_columns) + "WHERE cc.verification_code = ?").c_str());
    st->setString(1, code);
    return read_one(st);
  });
}

}  // namespace lifelong::services
