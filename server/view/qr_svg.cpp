#include "qr_svg.hpp"

#include <qrencode.h>

#include <memory>

namespace lifelong::view {

std::optional<qr_drawing> qr_code(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return std::nullopt;
  const int quiet = 4;
  qr_drawing out;
  out.size = code->width + 2 * quiet;
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)  // bit 0: a dark module
        out.path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
  return out;
}

}  // namespace lifelong::view
