// One input of the spec fuzzer (fuzz_spec.cpp), also replayed over the committed corpus
// by tests/cpp/test_fuzz_corpus.cpp: any bytes as a spec through the parser and the
// validator, then a few steps and the views of whatever passes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

namespace optzoo::fuzz {

inline void spec_input(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The bindings' own path: a reply that is valid JSON, whatever the input.
  if (!Json::accept(reply([&] { Experiment e(text); }))) fail("a reply that is not JSON");
  expect_only_errors([&] {
    Experiment e(text);
    exercise(e);
    // A mid-run change with the first run's own settings, as the page sends them.
    const Json spec = Json::parse(text);
    e.update_run(0, spec["runs"][0]);
  });
}

}  // namespace optzoo::fuzz
