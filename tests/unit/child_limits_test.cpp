// A child runs under the limits it is given: each test fails if that limit is not set.
#include <gtest/gtest.h>

#include <csignal>

#include "common/child_process.hpp"

using namespace lifelong;

namespace {
std::string first_line(const std::string& script, const child_limits& limits) {
  run_options options;
  options.limits = limits;
  std::string out;
  run_child({"sh", "-c", script}, options, [&](const std::string& line) {
    if (out.empty()) out = line;
  });
  return out;
}
}  // namespace

TEST(ChildLimits, AddressSpaceOpenFilesAndFileSizeAreSetInTheChild) {
  child_limits l;
  l.address_space_bytes = 512ULL << 20;
  l.open_files = 40;
  l.file_size_bytes = 1ULL << 20;
  EXPECT_EQ(first_line("ulimit -v", l), std::to_string(512 * 1024));  // KiB
  EXPECT_EQ(first_line("ulimit -n", l), "40");
  EXPECT_EQ(first_line("ulimit -f", l), std::to_string((1 << 20) / 512));  // 512-byte blocks in dash
  EXPECT_NE(first_line("ulimit -n", child_limits{}), "40");
}

TEST(ChildLimits, ASpinningChildIsStoppedByItsCpuLimit) {
  run_options options;
  options.limits.cpu_seconds = 1;
  options.limits.deadline = std::chrono::seconds(60);  // a bound for the test if the limit failed
  auto r = run_child({"sh", "-c", "while :; do :; done"}, options);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.signal == SIGXCPU || r.signal == SIGKILL) << r.signal;
}

TEST(ChildLimits, ASilentlyHangingChildIsKilledAtItsDeadline) {
  run_options options;
  options.silence_limit = std::chrono::seconds(600);
  options.limits.deadline = std::chrono::seconds(1);
  // Prints now and then (so the silence limit never fires), and closes stdout early.
  auto chatty = run_child({"sh", "-c", "while :; do echo .; sleep 0.2; done"}, options);
  EXPECT_TRUE(chatty.timed_out);
  auto closed = run_child({"sh", "-c", "exec >/dev/null; sleep 600"}, options);
  EXPECT_TRUE(closed.timed_out);
  EXPECT_FALSE(closed.ok());
}
