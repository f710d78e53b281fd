// A backup's media manifest is read back by restore, which writes each file it names:
// a tampered manifest must not name a place outside the media folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "backup/media_copy.hpp"
#include "backup/table_sums.hpp"

using namespace lifelong::backup;
namespace fs = std::filesystem;

namespace {
fs::path manifest_with(const std::string& text) {
  const auto p =
      fs::temp_directory_path() / ("manifest-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                   "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::ofstream(p) << text;
  return p;
}
const std::string hash(64, 'a');
}  // namespace

TEST(BackupManifest, RoundTripsNamesWithSpaces) {
  const std::vector<media_file> files{{"videos/7/v1/master.m3u8", 120, hash}, {"incoming/7-v2 copy.src", 5, hash}};
  const auto p = manifest_with("");
  write_manifest(p, files);
  EXPECT_EQ(read_manifest(p), files);
  fs::remove(p);
}

TEST(BackupManifest, RefusesPathsThatLeaveTheMediaFolder) {
  for (const std::string path : {"../etc/passwd", "/etc/passwd", "videos/../../x", "videos/./x", "videos/"}) {
    const auto p = manifest_with(hash + " 3 " + path + "\n");
    EXPECT_THROW(read_manifest(p), std::runtime_error) << path;
    fs::remove(p);
  }
  EXPECT_TRUE(inside_folder("videos/7/v1/master0.ts"));
  EXPECT_FALSE(inside_folder(""));
}

TEST(BackupManifest, RefusesLinesThatAreNotEntries) {
  for (const std::string& line :
       std::vector<std::string>{"nothing", hash + " many videos/x", "abc 3 videos/x", hash + " 3 "}) {
    const auto p = manifest_with(line + "\n");
    EXPECT_THROW(read_manifest(p), std::runtime_error) << line;
    fs::remove(p);
  }
}

TEST(TableSums, NameWhatDiffers) {
  const table_sums backed_up{{"users", {3, "100"}}, {"courses", {2, "7"}}, {"gone", {1, "1"}}};
  const table_sums found{{"users", {2, "90"}}, {"courses", {2, "8"}}, {"extra", {0, "0"}}};
  const auto d = differences(backed_up, found);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0], "courses: as many rows, other contents");
  EXPECT_EQ(d[1], "gone: missing");
  EXPECT_EQ(d[2], "users: 3 rows in the backup, 2 here");
  EXPECT_EQ(d[3], "extra: not in the backup");
  EXPECT_TRUE(differences(backed_up, backed_up).empty());
  EXPECT_EQ(quoted_name("a`b"), "`a``b`");
}
