#pragma once
#include <optional>
#include <string>

namespace lifelong::view {

// `text` as a QR code (libqrencode, error correction level M), ready for an SVG: the
// side in modules including the standard 4-module quiet zone, and a path drawing every
// dark module. nullopt when the text is too long for a QR code.
struct qr_drawing {
  int size = 0;
  std::string path;
};
std::optional<qr_drawing> qr_code(const std::string& text);

}  // namespace lifelong::view
