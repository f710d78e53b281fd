#include "activity_model.hpp"

#include "view/local_format.hpp"

namespace lifelong::handlers {

nlohmann::json activity_json(const services::activity_row& a, const std::string& lang) {
  nlohmann::json out{{"id", a.id},
                     {"unit", {{"id", a.unit_id}, {"name", a.unit_name}}},
                     {"category", a.category},
                     {"title", a.title},
                     {"place", a.place},
                     {"starts_at", view::iso_utc(a.starts_at)},
                     {"when", view::date_time_text(a.starts_at, lang)},
                     {"capacity", a.capacity},
                     {"signups", a.signups},
                     {"places_left", std::max(0, a.capacity - a.signups)},
                     {"full", a.signups >= a.capacity},
                     {"signed_up", a.signed_up},
                     {"past", a.past},
                     {"cancelled", a.cancelled},
                     {"changed", a.changed},
                     {"open", !a.past && !a.cancelled},
                     {"starts_local", a.starts_local}};
  out["participants"] = a.participants ? nlohmann::json(*a.participants) : nlohmann::json(nullptr);
  return out;
}

}  // namespace lifelong::handlers
