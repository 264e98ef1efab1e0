// Shared by the libFuzzer targets: what counts as a crash besides a sanitizer report.
// The core promises that bad input raises optzoo::Error ("path: rule"), so any other
// exception escaping the core (a JSON type error, std::out_of_range, ...) is a bug and
// aborts, and so does a reply that is not valid JSON.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/reply.hpp"
#include "train/experiment.hpp"
#include "train/views.hpp"

namespace optzoo::fuzz {

// A finding: libFuzzer saves the input; the corpus replay in doctest dies with the message.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

template <class F>
void expect_only_errors(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    if (std::string(e.what()).empty()) fail("an Error with an empty message");
  } catch (const std::bad_alloc&) {
    // Refused sizes are checked up front; what is left is the fuzzer's own RSS limit.
  } catch (const std::exception& e) {
    fail(std::string("a non-Error exception escaped the core: ") + e.what());
  }
}

// A few steps and every view of a small experiment, as the page would use it.
inline void exercise(Experiment& e) {
  if (e.problem().dim() * e.runs().size() > 200000 || e.problem().train_size() > 5000) return;
  e.advance(3);
  if (!Json::accept(dump_safe(e.result()))) fail("a result that is not JSON");
  expect_only_errors([&] { dump_safe(problem_info_json(e)); });
  expect_only_errors([&] { dump_safe(data_points_json(e, "train", 50)); });
  std::vector<float> floats;
  std::vector<int32_t> ints;
  const double b[4] = {-2, 2, -2, 2};
  expect_only_errors([&] { loss_grid(e, b, 8, 8, floats); });
  expect_only_errors([&] { predict_grid(e, 0, b, 8, 8, floats); });
  expect_only_errors([&] { e.problem().test_images(0, 2, floats); });
  expect_only_errors([&] { e.problem().test_labels(0, 2, ints); });
  expect_only_errors([&] { e.problem().predict(run_params(e, 0).data(), 0, 2, ints); });
}

}  // namespace optzoo::fuzz
