// The bench workloads (cpp/bench) do the work they are timed for: training steps lower
// the loss on their batch, forward passes are counted as the experiment counts them,
// the SIMD peak loop runs exactly the steps its flop count assumes, and bad configs
// are refused naming the field.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "bench/bench.hpp"
#include "core/error.hpp"
#include "optim/registry.hpp"

using namespace optzoo;

namespace {

const char* kCnnConfig =
    R"({"input": [1, 12, 12], "classes": 4, "model": {"kind": "cnn", "layers": [
         {"type": "conv2d", "filters": 3, "kernel": 3, "padding": 1}, {"type": "relu"}, {"type": "maxpool", "size": 2},
         {"type": "flatten"}, {"type": "dense", "units": 4}]}})";

std::string error_of(const std::string& config, const std::string& optimizer = "sgd") {
  try {
    TrainingBench::from_json(config, 8, optimizer, 0.01, 1);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("bench training steps lower the loss on their fixed batch, MLP and CNN, for several seeds") {
  for (const std::string& config : {std::string("[16, 12, 3]"), std::string(kCnnConfig)}) {
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      auto bench = TrainingBench::from_json(config, 8, "sgd", 0.05, seed);
      const double first = bench->run(1);
      const double later = bench->run(200);
      CAPTURE(config);
      CAPTURE(seed);
      CHECK(std::isfinite(later));
      CHECK(later < first);
    }
  }
}

TEST_CASE("bench counts forward passes as the experiment does: batch per gradient step, 2 M batch per ES step") {
  auto sgd = TrainingBench::from_json("[16, 12, 3]", 8, "sgd", 0.01, 1);
  sgd->run(5);
  CHECK(sgd->forward_passes() == doctest::Approx(5 * 8));

  const OptimizerInfo* es = find_optimizer("es");
  REQUIRE(es != nullptr);
  const double directions = default_hyperparams(es->hyperparams).num("directions");
  auto zeroth = TrainingBench::from_json("[16, 12, 3]", 8, "es", 0.01, 1);
  zeroth->run(3);
  CHECK(zeroth->forward_passes() == doctest::Approx(3 * 2 * directions * 8));
}

TEST_CASE("the SIMD peak loops run reps x 64 steps of their 12 chains: they match a scalar twin") {
  // Scalar twin of simd_peak.cpp: lane l of chain c starts at (c + 1) / 2^l; the
  // multiply chains multiply by -1, the add chains add 0.001f, 64 times per rep.
  for (int reps : {0, 1, 3}) {
    double multiplied = 0, added = 0;
    for (int c = 0; c < 12; ++c)
      for (int l = 0; l < 4; ++l) {
        float x = static_cast<float>(c + 1) * (1.0f / static_cast<float>(1 << l)), y = x;
        for (int s = 0; s < 64 * reps; ++s) {
          x = x * -1.0f;
          y = y + 0.001f;
        }
        multiplied += static_cast<double>(x);
        added += static_cast<double>(y);
      }
    CAPTURE(reps);
    CHECK(simd_peak_run(PeakOp::Multiply, reps) == doctest::Approx(multiplied).epsilon(1e-6));
    CHECK(simd_peak_run(PeakOp::Add, reps) == doctest::Approx(added).epsilon(1e-6));
  }
}

TEST_CASE("bad bench configs are refused naming the field") {
  CHECK(error_of("[16]").find("sizes") == 0);
  CHECK(error_of(R"({"input": [1, 12, 12], "model": {"kind": "cnn", "layers": []}})").find("config.classes") == 0);
  CHECK(error_of(R"({"input": [1, 12], "classes": 4, "model": {}})").find("config.input") == 0);
  CHECK(error_of(kCnnConfig, "kfac").find("optimizer") == 0);
  CHECK(error_of(kCnnConfig, "no-such-optimizer").find("optimizer") == 0);
}
