#include "smtp_client.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <memory>

#include "common/tokens.hpp"

namespace lifelong::mail {
namespace {

// Base64 in lines of 76 characters, as MIME wants them.
std::string folded_base64(const std::string& text) {
  const auto flat = base64_encode(text);
  std::string out;
  for (std::size_t i = 0; i < flat.size(); i += 76) out += flat.substr(i, 76) + "\r\n";
  return out;
}

std::string now_rfc5322() {
  const auto t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buf;
}

struct reader {
  const std::string& data;
  std::size_t at = 0;
};

std::size_t read_part(char* into, std::size_t size, std::size_t count, void* user) {
  auto& r = *static_cast<reader*>(user);
  const auto n = std::min(size * count, r.data.size() - r.at);
  std::memcpy(into, r.data.data() + r.at, n);
  r.at += n;
  return n;
}

}  // namespace

bool plausible_address(const std::string& a) {
  const auto at = a.find('@');
  return a.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < a.size() &&
         a.find('@', at + 1) == std::string::npos && a.find('.', at) != std::string::npos &&
         a.find_first_of(" <>\"\r\n,;()[]\\") == std::string::npos && static_cast<unsigned char>(a.front()) > 32;
}

std::string wire_format(const mail_settings& s, const message& m, const std::string& date, const std::string& id) {
  const auto domain = s.from.substr(s.from.find('@') + 1);
  return "Date: " + date + "\r\nFrom: " + s.from + "\r\nTo: " + m.to + "\r\nMessage-ID: <" + id + "@" + domain +
         ">\r\nSubject: =?UTF-8?B?" + base64_encode(m.subject) +
         "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         folded_base64(m.body);
}

std::optional<refusal> send(const mail_settings& s, const message& m) {
  if (!plausible_address(m.to)) return refusal{"not an address", true};
  static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;  // once, before any handle
  if (!ready) return refusal{"curl could not start"};
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return refusal{"curl could not start"};
  const auto text = wire_format(s, m, now_rfc5322(), random_token());
  reader source{text};
  const auto from = "<" + s.from + ">";
  const auto to = "<" + m.to + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(curl_slist_append(nullptr, to.c_str()),
                                                                         curl_slist_free_all);
  auto* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, s.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_part);
  curl_easy_setopt(c, CURLOPT_READDATA, &source);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
  if (!s.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));  // never a password in the clear
  }
  const auto code = curl_easy_perform(c);
  if (code == CURLE_OK) return std::nullopt;
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  // 5xx: this recipient or message is refused for good; anything else may pass later.
  return refusal{std::string(curl_easy_strerror(code)) + (reply ? " (" + std::to_string(reply) + ")" : ""),
                 reply >= 500 && reply < 600};
}

}  // namespace lifelong::mail
