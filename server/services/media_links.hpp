#pragma once
// Signed, expiring addresses of a lesson's media:
//   /media/t/<expires>/<signature>/lessons/<id>/v<version>/<file>
// The signature covers the expiry and the lesson's folder ("/lessons/<id>/v<version>/"),
// so one token opens everything in it (playlists name their segments relatively) and
// nothing of any other lesson. Its form is nginx's secure_link_md5
// "$expires/lessons/<id>/v<version>/ $secret", base64url without padding, so an edge
// checks it with no call to the application (deploy/nginx). MD5 is what nginx offers:
// the secret comes last and only the server chooses the signed text, so neither length
// extension nor a chosen collision applies.
//
// Links are issued only where the page that carries them was allowed (lesson_json,
// course_json), and expire between `lifetime` and `lifetime` + 5 minutes after issue:
// expiries are rounded up, so pages rendered within the same 5 minutes carry the same
// addresses and browsers and caches reuse what they fetched.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace lifelong::services {

class media_links {
 public:
  using unix_clock = std::function<std::int64_t()>;  // seconds since 1970

  media_links(std::string secret, std::chrono::seconds lifetime, unix_clock now = system_seconds);

  // "/media/t/<expires>/<signature>/lessons/<id>/v<version>" (no trailing slash).
  std::string folder(std::uint64_t lesson_id, std::uint32_t version) const;

  enum class verdict { valid, expired, forged };
  verdict check(std::string_view expires, std::string_view signature, std::uint64_t lesson_id,
                std::uint32_t version) const;

  static std::int64_t system_seconds();

 private:
  std::string sign(std::int64_t expires, std::uint64_t lesson_id, std::uint32_t version) const;

  std::string secret_;
  std::chrono::seconds lifetime_;
  unix_clock now_;
};

}  // namespace lifelong::services
