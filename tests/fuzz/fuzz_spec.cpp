// libFuzzer target: the spec parser and validator (spec_input.hpp).
// Build: node scripts/build.js --tests (clang-14); run: node tests/fuzz/run-fuzz.js.
#include "spec_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  optzoo::fuzz::spec_input(data, size);
  return 0;
}
