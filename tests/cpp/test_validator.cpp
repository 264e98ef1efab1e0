// The one validator: every violation of a spec is listed as "path: rule", limits are
// enforced before allocation, and the memory estimate refuses oversized experiments.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/limits.hpp"
#include "core/reply.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"
#include "train/memory_estimate.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

Json valid_spec() {
  return Json::parse(R"({
    "seed": 1,
    "problem": {"kind": "inline", "task": "classification",
                "x": [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5], [-1.0, 0.3]], "y": [0, 1, 2, 1]},
    "model": {"kind": "mlp", "sizes": [2, 4, 3], "activation": "tanh"},
    "loss": "cross_entropy", "batch_size": 0, "steps": 5,
    "runs": [{"optimizer": "sgd", "lr": 0.1}, {"optimizer": "adam", "lr": 0.01, "label": "a"}]})");
}

std::vector<std::string> violations_of(const Json& spec) {
  try {
    Experiment e(spec);
  } catch (const SpecErrors& e) {
    return e.violations();
  } catch (const Error& e) {
    return {e.what()};
  }
  return {};
}

bool has_line(const std::vector<std::string>& lines, const std::string& start) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(start, 0) == 0; });
}

}  // namespace

TEST_CASE("validator: a valid spec has no violations") { CHECK(violations_of(valid_spec()).empty()); }

TEST_CASE("validator: every independent violation is listed, each as path: rule") {
  Json spec = valid_spec();
  spec["steps"] = -3;
  spec["colour"] = "red";
  spec["runs"][0]["lr"] = -1;
  spec["runs"][0]["momentum"] = "high";
  spec["runs"][1]["betas"] = 7;
  spec["runs"][1]["shape"] = 1;
  spec["model"]["sizes"] = {2, 4, 5};
  const auto lines = violations_of(spec);
  INFO(lines.size());
  CHECK(has_line(lines, "steps: must be an integer"));
  CHECK(has_line(lines, "colour: is not a known key here"));
  CHECK(has_line(lines, "runs[0].lr: must be a finite number > 0"));
  CHECK(has_line(lines, "runs[0].momentum: "));
  CHECK(has_line(lines, "runs[1].betas: must be a list of two numbers"));
  CHECK(has_line(lines, "runs[1].shape: is not a known key here"));
  CHECK(has_line(lines, "model.sizes[2]: must equal the number of classes"));
  CHECK(lines.size() == 7);
  for (const auto& l : lines) CHECK(l.find(": ") != std::string::npos);
}

TEST_CASE("validator: a broken problem does not make model and loss look unknown") {
  Json spec = valid_spec();
  spec["problem"]["y"] = "nope";
  const auto lines = violations_of(spec);
  REQUIRE(lines.size() == 1);
  CHECK(has_line(lines, "problem.y: must be an array"));
}

TEST_CASE("validator: the reply lists the violations as JSON") {
  Json spec = valid_spec();
  spec["runs"][0]["lr"] = 0;
  spec["runs"][1]["lr"] = "fast";
  const Json r = Json::parse(reply([&] { Experiment e(spec.dump()); }));
  REQUIRE(r.contains("violations"));
  CHECK(r["violations"].size() == 2);
  CHECK(r["error"].get<std::string>().find('\n') != std::string::npos);
  CHECK(Json::parse(reply([&] { Experiment e(valid_spec().dump()); })).is_null());
}

TEST_CASE("validator: limits are refused with the limit named") {
  Json spec = valid_spec();
  spec["runs"] = Json::array();
  for (std::size_t i = 0; i <= limits::kMaxRuns; ++i) spec["runs"].push_back({{"optimizer", "sgd"}, {"label", "r" + std::to_string(i)}});
  CHECK(violations_of(spec) == std::vector<std::string>{"runs: must have at most 64 runs"});

  spec = valid_spec();
  spec["model"]["sizes"] = {2, 70000, 3};
  CHECK(has_line(violations_of(spec), "model.sizes[1]: must be an integer in [1, 65536]"));

  spec = valid_spec();
  spec["steps"] = 1e8;
  CHECK(has_line(violations_of(spec), "steps: must be an integer in [0, 10000000]"));

  spec = valid_spec();
  spec["runs"][0]["label"] = std::string(500, 'x');
  CHECK(has_line(violations_of(spec), "runs[0].label: must be at most 200 characters"));

  CHECK(error_of([] { parse_json(std::string(limits::kMaxSpecBytes + 1, ' ')); }).rfind("spec: must be at most 32 MiB", 0) == 0);
}

TEST_CASE("validator: the memory estimate refuses an experiment beyond the cap, stating its size") {
  // 4096-wide hidden layers on a 100,000-example toy set evaluated at once, 64 runs.
  Json spec = Json::parse(R"({"seed": 0, "problem": {"kind": "dataset", "name": "spiral", "size": 100000},
    "model": {"kind": "mlp", "sizes": [2, 4096, 4096, 3]}, "steps": 1, "runs": []})");
  for (int i = 0; i < 64; ++i) spec["runs"].push_back({{"optimizer", "adam"}, {"label", "r" + std::to_string(i)}});
  const std::string message = error_of([&] { Experiment e(spec); });
  INFO(message);
  CHECK(message.rfind("memory: this experiment needs about ", 0) == 0);
  CHECK(message.find(" MB") != std::string::npos);
  CHECK(message.find("limit of 1611 MB") != std::string::npos);
}

TEST_CASE("validator: every example spec fits the memory estimate") {
  for (const char* name : {"spiral-tanh-mlp", "quadratic-rates"}) {
    const Json spec = load_json_file(std::string("examples/") + name + ".json");
    CHECK_MESSAGE(error_of([&] { Experiment e(spec); }) == "", name);
  }
}
