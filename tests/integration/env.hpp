#pragma once
// The real services scripts/test started: it exports LIFELONG_MYSQL_*, LIFELONG_REDIS_*
// and LIFELONG_TEST_TMP. Run these tests through scripts/test (or with those set).
#include <filesystem>
#include <string>
#include <vector>

#include "common/config.hpp"

namespace lifelong::test_env {

// Settings for the integration database; applies the schema on first use.
config integration_config();
// A name no other test run uses ("t_<random>").
std::string unique_name(const std::string& prefix = "t");
// A fresh folder under LIFELONG_TEST_TMP.
std::filesystem::path fresh_dir(const std::string& name);
// Runs a shell command; returns its exit status.
int shell(const std::string& command);
// Runs a shell command; returns what it printed (empty if it could not run).
std::string shell_output(const std::string& command);
// Generates a clip with ffmpeg's lavfi sources, e.g. make_clip(p, "testsrc2=size=640x360:rate=25", 4).
void make_clip(const std::filesystem::path& out, const std::string& video_source, double seconds, bool audio = true);

}  // namespace lifelong::test_env
