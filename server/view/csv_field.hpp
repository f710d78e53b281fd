#pragma once
// One field of a CSV file that people open in a spreadsheet.
#include <string>

namespace lifelong::view {

// Quoted when it holds a comma, quote or line break. Text that a spreadsheet would run
// as a formula (starting with = + - @, or a tab or CR before one) gets a leading
// apostrophe: a course title like "=HYPERLINK(...)" stays text (OWASP's advice).
std::string csv_field(const std::string& text);

}  // namespace lifelong::view
