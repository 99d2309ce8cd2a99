// Replays a fuzz target's seed inputs and regression inputs (fuzz/corpus/<target>,
// fuzz/regressions/<target>: inputs that once crashed or hung, e.g. 20,000 nested block quotes)
// through the target's own entry point, built here without libFuzzer: every input must run
// cleanly, on every ./test.sh, with or without clang.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

TEST(FuzzRegression, EverySeedAndRegressionInputRunsCleanly) {
  std::size_t inputs = 0, regressions = 0;
  for (const char* folder : {PALERMO_FUZZ_CORPUS, PALERMO_FUZZ_REGRESSIONS}) {
    if (!std::filesystem::is_directory(folder)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      const std::string input = bytes.str();
      EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size()), 0)
          << entry.path();
      ++inputs;
      if (std::string(folder) == PALERMO_FUZZ_REGRESSIONS) ++regressions;
    }
  }
  EXPECT_GT(inputs, 0u);
  EXPECT_GT(regressions, 0u);
}

// Inputs too large to commit (3,000 nested list items are 9 MB of indentation), made here.
TEST(FuzzRegression, GeneratedDeepInputsRunCleanly) {
  if (std::string(PALERMO_FUZZ_REGRESSIONS).find("/document") == std::string::npos) GTEST_SKIP() << "document target only";
  std::string lists;
  for (std::size_t depth = 0; depth < 3000; ++depth) lists += std::string(3 * depth, ' ') + "- a\n";
  EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(lists.data()), lists.size()), 0);
}

}  // namespace
