#include "unit_csv.hpp"
#include "text_rules.hpp"

#include <csv.h>
#include <iconv.h>

#include <charconv>
#include <set>

namespace lifelong::services {
namespace {

// Text in `from` as UTF-8, or nullopt when it is not valid in that encoding (iconv
// checks UTF-8 too, overlong forms and all).
std::optional<std::string> to_utf8(const std::string& s, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(s.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(s.data());
  std::size_t in_left = s.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  const auto r = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

std::string trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}


void on_field(void* data, std::size_t len, void* cells) {
  static_cast<std::vector<std::string>*>(cells)->emplace_back(static_cast<const char*>(data), len);
}

// One line's cells. Lines are split first so every problem has its true line number
// (a unit's name never spans lines, so a quote left open is an error of that line).
std::optional<std::vector<std::string>> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  csv_parser parser;
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
  const bool ok = csv_parse(&parser, line.data(), line.size(), on_field, nullptr, &cells) == line.size() &&
                  csv_fini(&parser, on_field, nullptr, &cells) == 0;
  csv_free(&parser);
  if (!ok) return std::nullopt;
  return cells;
}

}  // namespace

bool valid_unit_name(const std::string& name) {
  return fits_text(name, 50) && !has_control_bytes(name);
}

unit_csv read_unit_csv(const std::string& raw) {
  unit_csv out;
  auto problem = [&](std::size_t line, const char* key, std::string value = {}) {
    out.problems.push_back({line, key, std::move(value)});
  };
  std::string text = raw;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  // Our own check, not iconv's: glibc's "UTF-8" takes code points past U+10FFFF, which
  // MariaDB's utf8mb4 then refuses (found by tests/fuzz/unit_csv.cpp).
  if (!is_utf8(text)) {
    auto converted = to_utf8(text, "GB18030");
    if (!converted) {
      problem(1, "units.csv_encoding");
      return out;
    }
    text = std::move(*converted);
  }

  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  if (lines.empty() || trimmed(lines[0]).empty()) {
    problem(1, "units.csv_empty");
    return out;
  }
  if (lines.size() - 1 > max_unit_csv_rows) {
    problem(max_unit_csv_rows + 2, "units.csv_too_many_rows");
    return out;
  }
  auto head = cells_of(lines[0]);
  if (!head || head->size() != 5) {
    problem(1, "units.csv_header");
    return out;
  }

  std::set<std::vector<std::string>> seen;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    if (trimmed(lines[i]).empty()) continue;
    auto parsed = cells_of(lines[i]);
    if (!parsed) {
      problem(line, "units.csv_quotes");
      continue;
    }
    auto& cells = *parsed;
    if (cells.size() != 5) {
      problem(line, "units.csv_columns", std::to_string(cells.size()));
      continue;
    }
    unit_csv_row row;
    row.line = line;
    bool ok = true;
    bool ended = false;
    for (std::size_t k = 0; k < 4; ++k) {
      auto name = trimmed(cells[k]);
      if (name.empty()) {
        ended = true;
        continue;
      }
      if (ended) {  // a name after an empty cell: which parent is meant?
        problem(line, "units.csv_gap", name);
        ok = false;
        break;
      }
      if (!valid_unit_name(name)) {
        problem(line, "units.csv_name", name);
        ok = false;
        break;
      }
      row.path.push_back(std::move(name));
    }
    if (!ok) continue;
    if (row.path.empty()) {
      problem(line, "units.csv_no_name");
      continue;
    }
    const auto population = trimmed(cells[4]);
    if (!population.empty()) {
      std::uint64_t n = 0;
      auto [end, ec] = std::from_chars(population.data(), population.data() + population.size(), n);
      if (ec != std::errc() || end != population.data() + population.size() || n > 100'000'000) {
        problem(line, "units.csv_population", population);
        continue;
      }
      row.population = n;
    }
    if (!seen.insert(row.path).second) {
      problem(line, "units.csv_duplicate", row.path.back());
      continue;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace lifelong::services
