// Uploads that are not media but instructions to open other files or URLs (playlists,
// concat scripts, SDP): the transcoder refuses each with a plain reason, publishes
// nothing, and ffmpeg never reads the file they point at. Real containers still pass.
#include <gtest/gtest.h>

#include "env.hpp"
#include "pipeline.hpp"

using namespace lifelong;
namespace fs = std::filesystem;

namespace {
const fs::path corpus = fs::path(LIFELONG_SOURCE_DIR) / "tests/fixtures/hostile_uploads";
}

TEST(HostileUploads, FilesThatPointElsewhereAreRefusedAndNothingIsPublished) {
  auto dir = test_env::fresh_dir("hostile");
  // The file every playlist in the corpus points at: a real video someone else owns.
  test_env::make_clip(dir / "secret.mp4", "testsrc2=size=320x240:rate=25", 3);
  fs::create_directories(dir / "../videos/20/v1");
  fs::copy_file(dir / "secret.mp4", dir / "../videos/20/v1/fallback.mp4", fs::copy_options::overwrite_existing);
  transcoder::pipeline_settings settings;
  settings.threads = 1;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().extension() == ".md") continue;
    // As uploaded (its own name) and as the server stores uploads (a name of its own).
    for (const auto& name : {entry.path().filename().string(), std::string("a1b2c3d4")}) {
      fs::copy_file(entry.path(), dir / name, fs::copy_options::overwrite_existing);
      const auto out = dir / ("out-" + name);
      const auto probed = transcoder::probe_file((dir / name).string(), settings.limits);
      EXPECT_EQ(probed.failure, "not_video") << entry.path().filename();
      const auto result = transcoder::run_pipeline((dir / name).string(), out, settings);
      EXPECT_EQ(result.failure, "not_video") << entry.path().filename();
      EXPECT_FALSE(fs::exists(out)) << entry.path().filename();
      ++checked;
    }
  }
  EXPECT_EQ(checked, 16);
}

TEST(HostileUploads, RealContainersAreAdmittedAndNamedForFfmpeg) {
  auto dir = test_env::fresh_dir("containers");
  const std::vector<std::tuple<std::string, std::string, std::string>> cases{
      {"clip.mkv", "-c:v libx264 -c:a aac", "matroska"},   {"clip.webm", "-c:v libvpx -c:a libopus", "matroska"},
      {"clip.avi", "-c:v mpeg4 -c:a mp3", "avi"},          {"clip.ts", "-c:v libx264 -c:a aac", "mpegts"},
      {"clip.flv", "-c:v flv -c:a mp3", "flv"},            {"clip.wmv", "-c:v wmv2 -c:a wmav2", "asf"},
      {"clip.mpg", "-c:v mpeg2video -c:a mp2", "mpeg"},    {"clip.3gp", "-c:v libx264 -c:a aac -ar 16000 -ac 1", "mov"},
  };
  for (const auto& [file, codecs, container] : cases) {
    ASSERT_EQ(test_env::shell("ffmpeg -v error -y -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i "
                              "sine=frequency=300 -t 2 " + codecs + " '" + (dir / file).string() + "'"),
              0)
        << file;
    // Stored under a name without an extension, as the server stores uploads.
    fs::rename(dir / file, dir / (file + "-upload"));
    const auto probed = transcoder::probe_file((dir / (file + "-upload")).string(), {});
    EXPECT_TRUE(probed.ok()) << file << ": " << probed.failure;
    EXPECT_EQ(probed.container, container) << file;
  }
  // And one of them all the way through, with the container forced on ffmpeg.
  const auto result = transcoder::run_pipeline((dir / "clip.avi-upload").string(), dir / "out", {});
  EXPECT_TRUE(result.ok()) << result.failure;
  EXPECT_TRUE(fs::exists(dir / "out" / "master.m3u8"));
}
