#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "optim/registry.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

bool all_optimizers_registered(const Json& spec) {
  for (const auto& run : spec["runs"])
    if (!find_optimizer(run["optimizer"].get<std::string>())) return false;
  return true;
}

// A small valid spec that the error tests below break one field at a time.
Json small_spec() {
  return Json::parse(R"({
    "seed": 1,
    "problem": {"kind": "inline", "task": "classification",
                "x": [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5], [-1.0, 0.3]], "y": [0, 1, 2, 1]},
    "model": {"kind": "mlp", "sizes": [2, 4, 3], "activation": "tanh"},
    "loss": "cross_entropy", "batch_size": 0, "steps": 5,
    "runs": [{"optimizer": "sgd", "lr": 0.1}]})");
}

}  // namespace

TEST_CASE("golden: loss trajectories match PyTorch 1.13 for every registered optimizer") {
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("tests/golden/cases"))) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("gradients_", 0) == 0) continue;
    const Json golden = load_json_file("tests/golden/cases/" + name);
    if (!all_optimizers_registered(golden["spec"])) continue;
    const double tol = golden["tolerance"].get<double>();
    Experiment e(golden["spec"]);
    e.run_to_end();
    const OrderedJson result = e.result();
    const auto& expected = golden["expected"]["runs"];
    REQUIRE(result["runs"].size() == expected.size());
    for (std::size_t r = 0; r < expected.size(); ++r) {
      const auto& want = expected[r]["loss"];
      const auto& got = result["runs"][r]["loss"];
      REQUIRE(got.size() == want.size());
      double worst = 0;
      std::size_t worst_at = 0;
      for (std::size_t k = 0; k < want.size(); ++k) {
        const double d = relative_difference(got[k].get<double>(), want[k].get<double>());
        if (d > worst) worst = d, worst_at = k;
      }
      INFO(name << " run " << expected[r]["label"].get<std::string>() << ": worst relative difference " << worst
                << " at step " << worst_at);
      CHECK(worst <= tol);
      ++compared;
    }
  }
  CHECK(compared >= 9);  // at least the SGD cases of the foundation
}

TEST_CASE("golden: gradients at the initial point match PyTorch") {
  for (const char* file : {"tests/golden/cases/gradients_ce_tanh.json", "tests/golden/cases/gradients_mse_relu.json"}) {
    const Json golden = load_json_file(file);
    Experiment e(golden["spec"]);
    std::vector<float> grad(e.problem().dim());
    const double loss = e.problem().loss_and_grad(e.initial_point().data(), {}, grad.data());
    CHECK(relative_difference(loss, golden["loss"].get<double>()) < 1e-5);
    // The flat layout is layer0.weight, layer0.bias, layer1.weight, ...
    std::vector<double> want;
    for (std::size_t l = 0; l < golden["grad_weights"].size(); ++l) {
      for (const auto& row : golden["grad_weights"][l])
        for (const auto& v : row) want.push_back(v.get<double>());
      for (const auto& v : golden["grad_biases"][l]) want.push_back(v.get<double>());
    }
    REQUIRE(want.size() == grad.size());
    // Both sides sum float32 terms of mixed sign, so an entry thousands of times smaller
    // than the largest carries rounding on the largest one's scale: 1e-4 relative,
    // but never tighter than 1e-6 of the largest entry.
    double largest = 0;
    for (double w : want) largest = std::max(largest, std::abs(w));
    for (std::size_t i = 0; i < grad.size(); ++i)
      CHECK(grad[i] == doctest::Approx(want[i]).epsilon(1e-4).scale(1e-2 * largest));
  }
}

TEST_CASE("determinism: one spec gives bit-identical losses twice, minibatches included") {
  Json spec = small_spec();
  spec["batch_size"] = 2;
  spec["steps"] = 30;
  spec["runs"] = Json::parse(R"([{"optimizer": "sgd", "lr": 0.3, "momentum": 0.9, "label": "a"},
                                  {"optimizer": "sgd", "lr": 0.1, "label": "b"}])");
  Experiment a(spec), b(spec);
  a.run_to_end();
  b.run_to_end();
  CHECK(reproducible_part(a.result()) == reproducible_part(b.result()));
  // A different seed gives a different initial point and batch order.
  spec["seed"] = 2;
  Experiment c(spec);
  c.run_to_end();
  CHECK(a.result()["runs"][0]["loss"] != c.result()["runs"][0]["loss"]);
}

TEST_CASE("experiment: runs share the initial point; counters and records add up") {
  Json spec = small_spec();
  spec["batch_size"] = 3;
  spec["steps"] = 10;
  spec["record_every"] = 4;
  spec["runs"] = Json::parse(R"([{"optimizer": "sgd", "lr": 0.1, "label": "slow"}, {"optimizer": "sgd", "lr": 1.0, "label": "fast"}])");
  Experiment e(spec);
  e.run_to_end();
  const OrderedJson r = e.result();
  CHECK(r["runs"][0]["loss"][0] == r["runs"][1]["loss"][0]);
  CHECK(r["runs"][0]["step"] == OrderedJson::parse("[0, 4, 8, 10]"));
  CHECK(r["runs"][0]["forward_passes"] == OrderedJson::parse("[0, 12, 24, 30]"));
  CHECK(r["runs"][0]["backward_passes"] == r["runs"][0]["forward_passes"]);
  CHECK(r["runs"][0]["metrics"]["train_accuracy"].size() == 4);
}

TEST_CASE("experiment: a diverging run is marked and the others go on") {
  Json spec = small_spec();
  spec["steps"] = 200;
  spec["problem"]["task"] = "regression";
  spec["problem"]["y"] = Json::parse("[[1], [2], [3], [4]]");
  spec["loss"] = "mse";
  spec["model"]["sizes"] = Json::parse("[2, 4, 1]");
  spec["runs"] = Json::parse(R"([{"optimizer": "sgd", "lr": 50, "label": "boom"}, {"optimizer": "sgd", "lr": 0.01, "label": "calm"}])");
  Experiment e(spec);
  e.run_to_end();
  const OrderedJson r = e.result();
  CHECK(r["runs"][0]["status"] == "diverged");
  CHECK(r["runs"][0]["diverged_at"].get<int>() > 0);
  CHECK(r["runs"][1]["status"] == "ok");
  CHECK(r["runs"][1]["loss"].size() == 201);
}

TEST_CASE("spec errors name the field path and the rule") {
  struct Bad {
    const char* patch;  // JSON merge patch applied to small_spec()
    const char* message;
  };
  const Bad cases[] = {
      {R"({"runs": [{"optimizer": "sgd", "lr": -1}]})", "runs[0].lr: must be a finite number > 0, got -1"},
      {R"({"runs": [{"optimizer": "sgd", "lr": "fast"}]})", "runs[0].lr: must be a finite number > 0, got a string"},
      {R"({"runs": [{"optimizer": "sgd", "lr": 0.1, "momentom": 0.9}]})", "runs[0].momentom: is not a known key here"},
      {R"({"runs": [{"optimizer": "sgdd"}]})", "runs[0].optimizer: is not a known optimizer"},
      {R"({"runs": [{"optimizer": "sgd", "nesterov": true}]})", "runs[0].nesterov: needs momentum > 0"},
      {R"({"runs": [{"optimizer": "sgd", "dampening": 2}]})", "runs[0].dampening: must be a finite number in [0, 1]"},
      {R"({"runs": []})", "runs: must have at least 1 element"},
      {R"({"stepz": 3})", "stepz: is not a known key here"},
      {R"({"steps": -1})", "steps: must be an integer in [0, 10000000], got -1"},
      {R"({"steps": 2.5})", "steps: must be an integer"},
      {R"({"steps": null})", "steps: is required"},
      {R"({"batch_size": "all"})", "batch_size: must be an integer"},
      {R"({"problem": {"kind": "inline", "x": [[1, 2], [3]], "y": [0, 1]}})", "problem.x[1]: must have 2 features like x[0], got 1"},
      {R"({"problem": {"kind": "inline", "x": [[1, 2], [3, 4]], "y": [0]}})", "problem.y: must have one entry per row of x (2), got 1"},
      {R"({"problem": {"kind": "inline", "x": [[1, 2], [3, 4]], "y": [0, -1]}})", "problem.y[1]: must be an integer in [0, 65535], got -1"},
      {R"({"problem": {"kind": "inline", "x": [[1, 2], [3, "a"]], "y": [0, 1]}})", "problem.x[1][1]: must be a finite number, got a string"},
      {R"({"problem": {"kind": "magic"}})", "problem.kind: must be one of"},
      {R"({"model": {"sizes": [3, 4, 3]}})", "model.sizes[0]: must equal the number of input features (2), got 3"},
      {R"({"model": {"sizes": [2, 4, 5]}})", "model.sizes[2]: must equal the number of classes (3), got 5"},
      {R"({"model": {"activation": "swish"}})", "model.activation: must be one of"},
      {R"({"model": {"init": {"weights": [[[1, 2]], [[1]]], "biases": [[0], [0]]}}})", "model.init.weights[0]: must be [out][in] = [4][2], got 1 rows"},
      {R"({"loss": "mse"})", "loss: must be \"cross_entropy\" for a classification task"},
      {R"({"loss": "hinge"})", "loss: must be one of"},
      {R"({"seed": 1.5})", "seed: must be a whole number"},
  };
  for (const auto& bad : cases) {
    Json spec = small_spec();
    spec.merge_patch(Json::parse(bad.patch));
    const std::string msg = error_of([&] { Experiment e(spec); });
    INFO("patch " << bad.patch << " gave \"" << msg << "\"");
    CHECK(msg.find(bad.message) == 0);
  }
  CHECK(error_of([] { Experiment e(std::string("{\"seed\": 1,")); }).find("spec: is not valid JSON") == 0);
  // Numbers JSON cannot hold as a double are rejected at parse time, not turned into infinity.
  std::string huge = small_spec().dump();
  huge.replace(huge.find("\"lr\":0.1"), 8, "\"lr\":1e999");
  CHECK(error_of([&] { Experiment e(huge); }).find("spec: is not valid JSON (number overflow") == 0);
  CHECK(error_of([] { Experiment e(std::string("[1, 2]")); }).find("spec: must be an object") == 0);
}
