// The fuzz targets' committed corpus (tests/fuzz/corpus: the seeds and every input a
// fuzzer once crashed on) replayed through the same checks in every doctest build, so
// a fixed finding stays fixed without clang or libFuzzer. A finding aborts the run
// with "fuzz: ..." on stderr, as in the fuzzer.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../fuzz/data_input.hpp"
#include "../fuzz/spec_input.hpp"
#include "test_support.hpp"

namespace {

std::vector<std::string> corpus_files(const std::string& which) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(optzoo::testing::source_path("tests/fuzz/corpus/" + which)))
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  return files;
}

std::vector<uint8_t> bytes_of(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fuzz corpus: every spec input passes the spec fuzzer's checks") {
  const auto files = corpus_files("spec");
  CHECK(files.size() >= 30);
  for (const auto& file : files) {
    INFO(file);
    const auto bytes = bytes_of(file);
    optzoo::fuzz::spec_input(bytes.data(), bytes.size());
  }
}

TEST_CASE("fuzz corpus: every data input passes the data fuzzer's checks") {
  const auto files = corpus_files("data");
  CHECK(files.size() >= 6);
  for (const auto& file : files) {
    INFO(file);
    const auto bytes = bytes_of(file);
    optzoo::fuzz::data_input(bytes.data(), bytes.size());
  }
}
