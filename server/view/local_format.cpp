#include "local_format.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>

namespace lifelong::view {
namespace {
using namespace std::chrono;

constexpr auto china_offset = hours(8);
constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD" as a UTC instant; nothing for anything else.
std::optional<sys_seconds> parse_utc(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string copy(text);
  const int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2d%*1[ T]%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
  if (fields != 3 && fields != 6) return std::nullopt;
  if (fields == 3 && text.size() != 10) return std::nullopt;
  const year_month_day day{year{y}, month{static_cast<unsigned>(mo)}, std::chrono::day{static_cast<unsigned>(d)}};
  if (!day.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return sys_days{day} + hours{h} + minutes{mi} + seconds{s};
}

std::string format_local(sys_seconds utc, std::string_view lang, bool with_time) {
  const auto local = utc + china_offset;
  const auto day_start = floor<days>(local);
  const year_month_day ymd{day_start};
  const hh_mm_ss clock{local - day_start};
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  char buf[64];
  if (lang == "en")
    std::snprintf(buf, sizeof buf, "%u %s %d", d, months[m - 1], y);
  else
    std::snprintf(buf, sizeof buf, "%d年%u月%u日", y, m, d);
  std::string out = buf;
  if (with_time) {
    std::snprintf(buf, sizeof buf, "%s%02d:%02d", lang == "en" ? ", " : " ", static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()));
    out += buf;
  }
  return out;
}
}  // namespace

std::string month_text(std::string_view day, std::string_view lang) {
  const auto t = day.size() == 10 ? parse_utc(day) : std::nullopt;
  if (!t) return std::string(day);
  const year_month_day ymd{floor<days>(*t)};
  const unsigned m = static_cast<unsigned>(ymd.month());
  char buf[32];
  if (lang == "en")
    std::snprintf(buf, sizeof buf, "%s %d", months[m - 1], static_cast<int>(ymd.year()));
  else
    std::snprintf(buf, sizeof buf, "%d年%u月", static_cast<int>(ymd.year()), m);
  return buf;
}

std::string date_text(std::string_view utc, std::string_view lang) {
  const auto t = parse_utc(utc);
  // A bare date has no time of day to move into China's day: it is shown as it is.
  if (t && utc.size() == 10) return format_local(*t - china_offset, lang, false);
  return t ? format_local(*t, lang, false) : std::string(utc);
}

std::string date_time_text(std::string_view utc, std::string_view lang) {
  const auto t = parse_utc(utc);
  return t ? format_local(*t, lang, true) : std::string(utc);
}

std::string iso_utc(std::string_view utc) {
  const auto t = parse_utc(utc);
  if (!t) return std::string(utc);
  const auto day_start = floor<days>(*t);
  const year_month_day ymd{day_start};
  const hh_mm_ss clock{*t - day_start};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buf;
}

std::string duration_text(std::uint32_t ms, std::string_view lang) {
  const unsigned total = (ms + 500) / 1000, h = total / 3600, m = total / 60 % 60, s = total % 60;
  char buf[48];
  const bool en = lang == "en";
  if (h)
    std::snprintf(buf, sizeof buf, en ? "%u h %u min" : "%u小时%02u分", h, m);
  else if (m)
    std::snprintf(buf, sizeof buf, en ? "%u min %u s" : "%u分%02u秒", m, s);
  else
    std::snprintf(buf, sizeof buf, en ? "%u s" : "%u秒", s);
  return buf;
}

std::string study_time_text(double seconds, std::string_view lang) {
  const bool en = lang == "en";
  char buf[48];
  const auto minutes = static_cast<long long>(std::max(0.0, seconds) / 60);  // whole minutes watched
  if (minutes == 0 && seconds >= 1) return en ? "under 1 min" : "不到 1 分钟";
  if (minutes < 60)
    std::snprintf(buf, sizeof buf, en ? "%lld min" : "%lld 分钟", minutes);
  else
    std::snprintf(buf, sizeof buf, en ? "%.1f h" : "%.1f 小时", static_cast<double>(minutes) / 60);
  return buf;
}

std::string grouped_number(double value) {
  char buf[48];
  const bool whole = value == static_cast<double>(static_cast<long long>(value));
  std::snprintf(buf, sizeof buf, whole ? "%.0f" : "%.1f", value);
  std::string text = buf;
  const auto digits_start = text[0] == '-' ? 1u : 0u;
  auto pos = text.find('.');
  if (pos == std::string::npos) pos = text.size();
  while (pos > digits_start + 3) {
    pos -= 3;
    text.insert(pos, ",");
  }
  return text;
}

}  // namespace lifelong::view
