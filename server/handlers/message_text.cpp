#include "message_text.hpp"

#include "view/local_format.hpp"

namespace lifelong::handlers {
namespace {
// Where a message leads: the teacher's course page, the course, or the classes.
std::string link_of(const services::message_row& m) {
  if (m.kind == "new_class") return "/activities";
  if (m.kind == "continue" || m.kind == "new_course") return "/courses/" + std::to_string(m.course_id);
  return "/teach/courses/" + std::to_string(m.course_id);
}

// At most `most` characters (mail_outbox.subject holds 200), cut at a character's start.
std::string at_most(const std::string& s, std::size_t most) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars == most) return s.substr(0, i) + "…";
  return s;
}
}  // namespace

nlohmann::json message_json(const view::views& v, const std::string& lang, const services::message_row& m) {
  std::vector<std::pair<std::string, std::string>> params{{"course", m.course_title}, {"lesson", m.lesson_title}};
  if (m.kind == "new_class")
    params = {{"title", m.activity_title},
              {"place", m.activity_place},
              {"when", view::date_time_text(m.activity_starts_at, lang)}};
  nlohmann::json j{{"id", m.id},
                   {"kind", m.kind},
                   {"personal", m.personal},
                   {"text", v.message(lang, "messages_page.kinds." + m.kind, params)},
                   {"link", link_of(m)},
                   {"link_text", v.message(lang, "messages_page.links." + m.kind)},
                   {"at", view::iso_utc(m.at)},
                   {"when", view::date_time_text(m.at, lang)},
                   {"unread", m.unread}};
  if (m.kind == "returned" || m.kind == "changes_returned")
    if (!m.note.empty()) j["comment"] = m.note;
  if (m.kind == "lesson_failed")
    j["reason"] = v.message(lang, "lesson_failures." + (m.note.empty() ? std::string("unknown") : m.note));
  if (m.course_id) j["course_id"] = m.course_id;
  if (m.activity_id) j["activity_id"] = m.activity_id;
  return j;
}

mail::message message_mail(const view::views& v, const std::string& lang, const std::string& site,
                           const std::string& base, const std::string& to, const services::message_row& m) {
  const auto j = message_json(v, lang, m);
  std::string body = j["text"].get<std::string>() + "\n";
  if (j.contains("comment")) body += v.message(lang, "messages_page.comment") + j["comment"].get<std::string>() + "\n";
  if (j.contains("reason")) body += j["reason"].get<std::string>() + "\n";
  body += "\n" + base + j["link"].get<std::string>() + "\n\n" +
          v.message(lang, "messages_page.mail_footer", {{"site", site}, {"link", base + "/account#messages-heading"}});
  const auto subject =
      v.message(lang, "messages_page.mail_subject", {{"site", site}, {"text", j["text"].get<std::string>()}});
  return {to, at_most(subject, 200), body};
}

}  // namespace lifelong::handlers
