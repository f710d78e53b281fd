#include <gtest/gtest.h>

#include <set>

#include "services/verification_code.hpp"
#include "common/tokens.hpp"

using namespace lifelong::services;

TEST(VerificationCode, NewCodesAreSixteenUnambiguousCharactersAndDiffer) {
  lifelong::init_crypto();
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto code = new_verification_code();
    ASSERT_EQ(code.size(), 16u);
    EXPECT_EQ(code.find_first_of("ILOU"), std::string::npos) << code;
    EXPECT_EQ(normalise_verification_code(code), code);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(VerificationCode, TypedCodesForgiveCaseSpacesDashesAndLookAlikes) {
  EXPECT_EQ(normalise_verification_code("ab12-cd34-ef56-gh78"), "AB12CD34EF56GH78");
  EXPECT_EQ(normalise_verification_code(" AB12 CD34 EF56 GH78 "), "AB12CD34EF56GH78");
  EXPECT_EQ(normalise_verification_code("OOOO-IIII-LLLL-oooo"), "0000111111110000");
  EXPECT_EQ(format_verification_code("AB12CD34EF56GH78"), "AB12-CD34-EF56-GH78");
}

TEST(VerificationCode, AnythingElseIsRefused) {
  for (const std::string& bad : std::vector<std::string>{"", "AB12", "AB12-CD34-EF56-GH78-9", "UUUU-UUUU-UUUU-UUUU", "AB12_CD34_EF56_GH78",
                                "АВ12-CD34-EF56-GH78" /* Cyrillic */, std::string(100, 'A'), std::string("AB12CD34EF56GH7\0", 16)})
    EXPECT_FALSE(normalise_verification_code(bad)) << bad;
}
