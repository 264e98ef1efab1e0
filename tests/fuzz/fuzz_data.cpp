// libFuzzer target: the CSV reader and the packed dataset loader (data_input.hpp).
// Build: node scripts/build.js --tests (clang-14); run: node tests/fuzz/run-fuzz.js.
#include "data_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  optzoo::fuzz::data_input(data, size);
  return 0;
}
