// Resumable uploads (tus 1.0) over real sockets, MariaDB and the disk: the protocol,
// resuming after a broken connection, checksums, limits, expiry and every bad input.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <openssl/sha.h>
#include <thread>

#include "common/tokens.hpp"
#include "env.hpp"
#include "storage/sql.hpp"
#include "tus_client.hpp"

using namespace lifelong::test_env;
namespace fs = std::filesystem;
namespace asio = boost::asio;

namespace {
unsigned short port() {
  return test_server::get().port;
}
lifelong::app& app() {
  return *test_server::get().application;
}
fs::path uploading() {
  return fs::path(app().cfg.media.dir) / "uploading";
}
std::string upload_file(const std::string& url) {
  return (uploading() / (url.substr(url.rfind('/') + 1) + ".tus")).string();
}
std::string lesson_status(std::uint64_t lesson, const signed_in& who) {
  auto r = request(port(), "GET", "/api/v1/lessons/" + std::to_string(lesson), "", who.cookie);
  return nlohmann::json::parse(r.body)["status"].get<std::string>();
}
std::string sha1_base64(const std::string& bytes) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return lifelong::base64_encode(std::string(reinterpret_cast<char*>(digest), sizeof digest));
}

// A teacher, a lesson and a created upload of `length` bytes.
struct fixture {
  signed_in teacher = sign_up(true);
  std::uint64_t lesson = new_lesson(teacher);
  std::string url;
  explicit fixture(std::uint64_t length) {
    auto made = tus_create(port(), teacher, length, tus_metadata(lesson, "第一课.mp4", "video/mp4"));
    EXPECT_EQ(made.status, 201) << made.body;
    url = made.header("location");
  }
};
}  // namespace

TEST(Tus, OptionsSaysWhatTheServerSupports) {
  auto r = request(port(), "OPTIONS", "/api/v1/uploads");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("tus-version"), "1.0.0");
  EXPECT_EQ(r.header("tus-extension"), "creation,termination,checksum,expiration");
  EXPECT_EQ(r.header("tus-max-size"), std::to_string(1024 * 1024));
  EXPECT_EQ(r.header("tus-checksum-algorithm"), "sha1,sha256");
}

TEST(Tus, UploadInPartsArrivesWholeAndQueuesTheLesson) {
  const auto bytes = random_bytes(700 * 1000);
  fixture f(bytes.size());
  ASSERT_EQ(f.url.rfind("/api/v1/uploads/", 0), 0u);
  auto head = tus_head(port(), f.teacher, f.url);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("upload-offset"), "0");
  EXPECT_EQ(head.header("upload-length"), std::to_string(bytes.size()));
  EXPECT_EQ(head.header("cache-control"), "no-store");
  EXPECT_NE(head.header("upload-expires").find("GMT"), std::string::npos);
  EXPECT_EQ(lesson_status(f.lesson, f.teacher), "empty");

  auto first = tus_patch(port(), f.teacher, f.url, 0, bytes.substr(0, 300000));
  EXPECT_EQ(first.status, 204) << first.body;
  EXPECT_EQ(first.header("upload-offset"), "300000");
  EXPECT_EQ(tus_head(port(), f.teacher, f.url).header("upload-offset"), "300000");
  EXPECT_EQ(lesson_status(f.lesson, f.teacher), "empty");  // nothing queued before the last byte

  auto rest = tus_patch(port(), f.teacher, f.url, 300000, bytes.substr(300000));
  EXPECT_EQ(rest.status, 204) << rest.body;
  EXPECT_EQ(rest.header("upload-offset"), std::to_string(bytes.size()));
  EXPECT_EQ(lesson_status(f.lesson, f.teacher), "queued");
  const auto source = fs::path(app().cfg.media.dir) / "incoming" / (std::to_string(f.lesson) + "-v1.src");
  EXPECT_EQ(lifelong::sha256_hex(file_text(source.string())), lifelong::sha256_hex(bytes));
  EXPECT_FALSE(fs::exists(upload_file(f.url)));
  // Asking again afterwards (a client that lost the last answer) says it is complete.
  EXPECT_EQ(tus_head(port(), f.teacher, f.url).header("upload-offset"), std::to_string(bytes.size()));
  // ... and a repeated last part changes nothing.
  EXPECT_EQ(tus_patch(port(), f.teacher, f.url, 300000, bytes.substr(300000)).status, 409);
}

TEST(Tus, BrokenConnectionKeepsWhatArrivedAndTheUploadResumes) {
  const auto bytes = random_bytes(600 * 1000);
  fixture f(bytes.size());
  {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port()});
    asio::write(socket, asio::buffer(tus_patch_head(f.teacher, f.url, 0, bytes.size()) + bytes.substr(0, 250000)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }  // the phone lost its network
  std::string offset;
  for (int i = 0; i < 50 && offset != "250000"; ++i) {  // the server notices the close
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    offset = tus_head(port(), f.teacher, f.url).header("upload-offset");
  }
  ASSERT_EQ(offset, "250000");
  EXPECT_EQ(tus_patch(port(), f.teacher, f.url, 250000, bytes.substr(250000)).status, 204);
  const auto source = fs::path(app().cfg.media.dir) / "incoming" / (std::to_string(f.lesson) + "-v1.src");
  EXPECT_EQ(lifelong::sha256_hex(file_text(source.string())), lifelong::sha256_hex(bytes));
}

TEST(Tus, SecondWriterAtTheSameTimeIsToldToWait) {
  const auto bytes = random_bytes(200 * 1000);
  fixture f(bytes.size());
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port()});
  asio::write(socket, asio::buffer(tus_patch_head(f.teacher, f.url, 0, bytes.size()) + bytes.substr(0, 1000)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto second = tus_patch(port(), f.teacher, f.url, 0, bytes);
  EXPECT_EQ(second.status, 423);
  EXPECT_EQ(second.header("tus-resumable"), "1.0.0");
  asio::write(socket, asio::buffer(bytes.substr(1000)));
  socket.close();
  std::string offset;
  for (int i = 0; i < 50 && offset != std::to_string(bytes.size()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    offset = tus_head(port(), f.teacher, f.url).header("upload-offset");
  }
  EXPECT_EQ(offset, std::to_string(bytes.size()));
  EXPECT_EQ(lesson_status(f.lesson, f.teacher), "queued");
}

TEST(Tus, WrongOffsetIsRefusedAndNothingIsWritten) {
  fixture f(1000);
  auto r = tus_patch(port(), f.teacher, f.url, 10, std::string(100, 'x'));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.header("upload-offset"), "0");
  EXPECT_EQ(fs::file_size(upload_file(f.url)), 0u);
}

TEST(Tus, ChecksumMismatchDiscardsThePart) {
  fixture f(1000);
  const std::string part(400, 'a');
  auto bad = tus_patch(port(), f.teacher, f.url, 0, part, "Upload-Checksum: sha1 " + sha1_base64("other") + "\r\n");
  EXPECT_EQ(bad.status, 460);
  EXPECT_EQ(tus_head(port(), f.teacher, f.url).header("upload-offset"), "0");
  auto good = tus_patch(port(), f.teacher, f.url, 0, part, "Upload-Checksum: sha1 " + sha1_base64(part) + "\r\n");
  EXPECT_EQ(good.status, 204) << good.body;
  EXPECT_EQ(good.header("upload-offset"), "400");
  auto md5 = tus_patch(port(), f.teacher, f.url, 400, part, "Upload-Checksum: md5 AAAA\r\n");
  EXPECT_EQ(md5.status, 400);
  EXPECT_EQ(tus_head(port(), f.teacher, f.url).header("upload-offset"), "400");
}

TEST(Tus, TerminationRemovesTheBytes) {
  fixture f(1000);
  ASSERT_EQ(tus_patch(port(), f.teacher, f.url, 0, std::string(10, 'x')).status, 204);
  auto del = request(port(), "DELETE", f.url, "", tus_header + f.teacher.with_csrf());
  EXPECT_EQ(del.status, 204);
  EXPECT_EQ(tus_head(port(), f.teacher, f.url).status, 404);
  EXPECT_FALSE(fs::exists(upload_file(f.url)));
}

TEST(Tus, ExpiredUploadsAndStrayFilesAreRemoved) {
  fixture f(1000);
  ASSERT_EQ(tus_patch(port(), f.teacher, f.url, 0, std::string(10, 'x')).status, 204);
  const auto token = f.url.substr(f.url.rfind('/') + 1);
  app().db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "UPDATE uploads SET expires_at = NOW() - INTERVAL 1 SECOND WHERE token = ?");
    st->setString(1, token);
    st->executeUpdate();
  });
  const auto stray = uploading() / "left-by-a-crash.part";
  std::ofstream(stray) << "x";
  fs::last_write_time(stray, fs::file_time_type::clock::now() - std::chrono::hours(48));
  const auto fresh = uploading() / "still-arriving.part";
  std::ofstream(fresh) << "x";
  EXPECT_EQ(tus_head(port(), f.teacher, f.url).status, 404);  // expired means gone for the client at once
  EXPECT_GE(app().uploads.remove_expired(), 2u);
  EXPECT_FALSE(fs::exists(upload_file(f.url)));
  EXPECT_FALSE(fs::exists(stray));
  EXPECT_TRUE(fs::exists(fresh));
  fs::remove(fresh);
}

TEST(Tus, QuotaCountsUnfinishedUploads) {
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher);
  const auto meta = tus_metadata(lesson, "a.mp4", "video/mp4");
  const std::uint64_t mb = 1024 * 1024;
  std::vector<std::string> urls;
  for (int i = 0; i < 3; ++i) {
    auto r = tus_create(port(), teacher, mb, meta);  // the test quota is 3 MiB
    ASSERT_EQ(r.status, 201) << r.body;
    urls.push_back(r.header("location"));
  }
  auto over = tus_create(port(), teacher, 1, meta);
  EXPECT_EQ(over.status, 413);
  EXPECT_NE(over.body.find("存储空间已用完"), std::string::npos) << over.body;
  ASSERT_EQ(request(port(), "DELETE", urls[0], "", tus_header + teacher.with_csrf()).status, 204);
  EXPECT_EQ(tus_create(port(), teacher, 1, meta).status, 201);
}

TEST(Tus, BadCreationRequestsGetClearErrors) {
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher);
  const auto meta = tus_metadata(lesson, "lesson.mp4", "video/mp4");
  auto post = [&](const std::string& headers, const signed_in& who) {
    return request(port(), "POST", "/api/v1/uploads", "", headers + who.with_csrf());
  };
  auto no_version = post("Upload-Length: 10\r\nUpload-Metadata: " + meta + "\r\n", teacher);
  EXPECT_EQ(no_version.status, 412);
  EXPECT_EQ(no_version.header("tus-version"), "1.0.0");
  EXPECT_EQ(post(tus_header + "Upload-Metadata: " + meta + "\r\n", teacher).status, 400);
  EXPECT_EQ(post(tus_header + "Upload-Defer-Length: 1\r\nUpload-Metadata: " + meta + "\r\n", teacher).status, 400);
  EXPECT_EQ(post(tus_header + "Upload-Length: ten\r\nUpload-Metadata: " + meta + "\r\n", teacher).status, 400);
  EXPECT_EQ(post(tus_header + "Upload-Length: 0\r\nUpload-Metadata: " + meta + "\r\n", teacher).status, 400);
  auto huge = post(tus_header + "Upload-Length: 1048577\r\nUpload-Metadata: " + meta + "\r\n", teacher);
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(huge.header("tus-resumable"), "1.0.0");
  EXPECT_EQ(post(tus_header + "Upload-Length: 10\r\nUpload-Metadata: lesson_id %%%\r\n", teacher).status, 400);
  EXPECT_EQ(post(tus_header + "Upload-Length: 10\r\nUpload-Metadata: filename " + lifelong::base64_encode("a.mp4") +
                     "\r\n",
                 teacher)
                .status,
            400);  // no lesson
  auto text = post(tus_header + "Upload-Length: 10\r\nUpload-Metadata: " +
                       tus_metadata(lesson, "notes.txt", "text/plain") + "\r\n",
                   teacher);
  EXPECT_EQ(text.status, 415);
  EXPECT_NE(text.body.find("请选择视频文件"), std::string::npos);
  EXPECT_EQ(post(tus_header + "Upload-Length: 10\r\nUpload-Metadata: " +
                     tus_metadata(lesson, "clip.mp4", "application/pdf") + "\r\n",
                 teacher)
                .status,
            415);
  EXPECT_EQ(post(tus_header + "Upload-Length: 10\r\nUpload-Metadata: " + tus_metadata(999999999, "a.mp4", "") + "\r\n",
                 teacher)
                .status,
            404);
  // Someone else's draft is invisible to another teacher and to a resident alike.
  auto other_teacher = sign_up(true);
  EXPECT_EQ(post(tus_header + "Upload-Length: 10\r\nUpload-Metadata: " + meta + "\r\n", other_teacher).status, 404);
  auto resident = sign_up(false);
  EXPECT_EQ(post(tus_header + "Upload-Length: 10\r\nUpload-Metadata: " + meta + "\r\n", resident).status, 404);
  EXPECT_EQ(request(port(), "POST", "/api/v1/uploads", "", tus_header + "Upload-Length: 10\r\n").status, 401);
  EXPECT_EQ(request(port(), "POST", "/api/v1/uploads", "",
                    tus_header + "Upload-Length: 10\r\nUpload-Metadata: " + meta + "\r\n" + teacher.cookie)
                .status,
            403);  // no CSRF token
}

TEST(Tus, BadPatchRequestsGetClearErrors) {
  fixture f(1000);
  auto patch = [&](const std::string& headers, const std::string& body, const signed_in& who) {
    return request(port(), "PATCH", f.url, body, headers + who.with_csrf());
  };
  const std::string body(100, 'x');
  EXPECT_EQ(patch(tus_header + "Content-Type: application/octet-stream\r\nUpload-Offset: 0\r\n", body, f.teacher).status,
            415);
  EXPECT_EQ(patch(tus_header + "Content-Type: application/offset+octet-stream\r\n", body, f.teacher).status, 400);
  EXPECT_EQ(patch("Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n", body, f.teacher).status, 412);
  EXPECT_EQ(tus_patch(port(), f.teacher, f.url, 0, std::string(1001, 'x')).status, 413);  // beyond the length
  auto chunked = raw_exchange(port(), "PATCH " + f.url + " HTTP/1.1\r\nHost: x\r\n" + tus_header +
                                          "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
                                          "Transfer-Encoding: chunked\r\n" +
                                          f.teacher.with_csrf() + "\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.status, 411);
  auto someone_else = sign_up(true);
  EXPECT_EQ(tus_patch(port(), someone_else, f.url, 0, body).status, 404);
  EXPECT_EQ(tus_head(port(), someone_else, f.url).status, 404);
  EXPECT_EQ(request(port(), "DELETE", f.url, "", tus_header + someone_else.with_csrf()).status, 404);
  EXPECT_EQ(tus_head(port(), f.teacher, "/api/v1/uploads/not-a-token").status, 404);
  EXPECT_EQ(request(port(), "PATCH", f.url, body,
                    tus_header + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n" +
                        f.teacher.cookie)
                .status,
            403);  // no CSRF token
  EXPECT_EQ(fs::file_size(upload_file(f.url)), 0u);  // none of these stored a byte
}

// A client sends its next part the moment it reads a 204: the upload's lock must already
// be free then, whichever I/O thread the next request reaches (issue 15, item 17).
TEST(Tus, TheNextPartRightAfterA204IsNeverToldToWait) {
  constexpr std::size_t part = 2000, parts = 120;
  const auto bytes = random_bytes(part * parts);
  fixture f(bytes.size());
  int busy = 0;
  for (std::size_t i = 0; i < parts; ++i) {
    auto r = tus_patch(port(), f.teacher, f.url, i * part, bytes.substr(i * part, part));
    if (r.status == 423) ++busy;
    ASSERT_TRUE(r.status == 204 || r.status == 423) << r.status << " " << r.body;
    if (r.status == 423 && busy < 50) --i;  // as a client would: the same part again (bounded)
  }
  EXPECT_EQ(busy, 0);
}
