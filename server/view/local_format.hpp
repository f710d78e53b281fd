#pragma once
// Dates, times and durations as each language writes them. Times are stored in UTC and
// shown in China Standard Time (UTC+8, no daylight saving), where the portal's users live.
#include <cstdint>
#include <string>
#include <string_view>

namespace lifelong::view {

// "YYYY-MM-DD HH:MM:SS" (UTC, as the services give it) → "2026年11月23日" / "23 Nov 2026";
// text that is not such a time is returned unchanged.
std::string date_text(std::string_view utc, std::string_view lang);
// The same with the time of day: "2026年11月23日 08:05" / "23 Nov 2026, 08:05".
std::string date_time_text(std::string_view utc, std::string_view lang);
// A day's month, "2026-11-01" → "2026年11月" / "Nov 2026"; other text unchanged.
std::string month_text(std::string_view day, std::string_view lang);
// The same instant for machines (API bodies, <time datetime>): "2026-11-23T00:05:00Z".
std::string iso_utc(std::string_view utc);
// A video's length: "3分07秒", "1小时02分" / "3 min 7 s", "1 h 2 min".
std::string duration_text(std::uint32_t ms, std::string_view lang);
// Time spent learning: minutes under an hour ("25 分钟" / "25 min"; "不到 1 分钟" for
// seconds), then hours to a
// tenth ("1.5 小时" / "1.5 h"): a few minutes of watching never reads "0.0 hours".
std::string study_time_text(double seconds, std::string_view lang);
// A count or amount with thousands separated, as both languages write figures:
// 12345 → "12,345", 1234.5 → "1,234.5" (a whole number without decimals, else one).
std::string grouped_number(double value);

}  // namespace lifelong::view
