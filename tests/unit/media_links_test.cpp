#include "services/media_links.hpp"

#include <gtest/gtest.h>

using lifelong::services::media_links;
using verdict = lifelong::services::media_links::verdict;

namespace {
const std::string secret = "a-secret-of-enough-length";
std::int64_t now = 1'700'000'000;
media_links links(std::chrono::seconds lifetime = std::chrono::seconds(60)) {
  return media_links(secret, lifetime, [] { return now; });
}
struct parts {
  std::string expires, signature;
};
parts parse(const std::string& folder) {  // /media/t/<expires>/<signature>/lessons/...
  const auto e = folder.find('/', 9);
  const auto s = folder.find('/', e + 1);
  return {folder.substr(9, e - 9), folder.substr(e + 1, s - e - 1)};
}
}  // namespace

// nginx computes `secure_link_md5 "$expires/lessons/5/v2/ $secret"` the way this line does:
//   echo -n '1700000100/lessons/5/v2/ a-secret-of-enough-length' | openssl md5 -binary |
//   openssl base64 | tr +/ -_ | tr -d =
TEST(MediaLinks, TheSignatureIsNginxSecureLinkMd5) {
  now = 1'700'000'000;
  EXPECT_EQ(links().folder(5, 2), "/media/t/1700000100/J7rYNMkMOu-hH8x1mnKIkg/lessons/5/v2");
}

TEST(MediaLinks, ExpiriesAreRoundedUpSoPagesOfTheSameMinutesShareTheirLinks) {
  now = 1'700'000'041;  // a link asked for now expires at 1'700'000'400, the next 5 minutes
  const auto first = links().folder(5, 2);
  now += 90;
  EXPECT_EQ(links().folder(5, 2), first);
  now += 300;
  EXPECT_NE(links().folder(5, 2), first);
  const auto p = parse(links(std::chrono::minutes(20)).folder(5, 2));
  EXPECT_GE(std::stoll(p.expires), now + 20 * 60);
  EXPECT_LT(std::stoll(p.expires), now + 25 * 60);
}

TEST(MediaLinks, ALinkOpensOnlyItsOwnLessonAndVersionUntilItExpires) {
  now = 1'700'000'000;
  const auto l = links();
  const auto p = parse(l.folder(5, 2));
  EXPECT_EQ(l.check(p.expires, p.signature, 5, 2), verdict::valid);
  EXPECT_EQ(l.check(p.expires, p.signature, 6, 2), verdict::forged);
  EXPECT_EQ(l.check(p.expires, p.signature, 5, 3), verdict::forged);
  EXPECT_EQ(l.check(p.expires, p.signature, 52, 2), verdict::forged);
  EXPECT_EQ(l.check(std::to_string(std::stoll(p.expires) + 3600), p.signature, 5, 2), verdict::forged);
  auto altered = p.signature;
  altered[0] = altered[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(l.check(p.expires, altered, 5, 2), verdict::forged);
  EXPECT_EQ(l.check(p.expires, p.signature.substr(1), 5, 2), verdict::forged);
  EXPECT_EQ(l.check("", p.signature, 5, 2), verdict::forged);
  EXPECT_EQ(l.check("12ab", p.signature, 5, 2), verdict::forged);
  EXPECT_EQ(l.check("-1", p.signature, 5, 2), verdict::forged);
  // Another secret signs differently.
  EXPECT_EQ(media_links("another-secret-of-length", std::chrono::seconds(60), [] { return now; })
                .check(p.expires, p.signature, 5, 2),
            verdict::forged);
  now = std::stoll(p.expires);
  EXPECT_EQ(l.check(p.expires, p.signature, 5, 2), verdict::valid);  // through the second named, as nginx
  now += 1;
  EXPECT_EQ(l.check(p.expires, p.signature, 5, 2), verdict::expired);
}

TEST(MediaLinks, AShortSecretIsRefused) {
  EXPECT_THROW(media_links("short", std::chrono::seconds(60)), std::invalid_argument);
}
