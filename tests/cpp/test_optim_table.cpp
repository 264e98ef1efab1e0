// Tests generated from the optimizer registry: every registered optimizer is checked
// the moment it is added (loss goes down, state reset and serialisation, same seed
// same curve, hyperparameter range errors, documentation).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <set>

#include "optim/state_json.hpp"
#include "optim_harness.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

// Defaults, plus the registry's documented settings for stiff 2-D functions.
Hyperparams defaults_for(const OptimizerInfo& info, const TestObjective& obj) {
  Json overrides = Json::object();
  if (obj.name == "rosenbrock")
    for (const auto& [name, value] : info.rosenbrock_settings) overrides[name] = value;
  return hyper(info, overrides);
}

// Gradient methods only: zeroth-order methods (the lead's ES family) have their own
// tests, and Fisher methods need a model (the MLP table test and test_curvature.cpp).
bool gradient_method(const OptimizerInfo& info) { return !info.caps.needs_objective && !info.caps.needs_fisher; }

}  // namespace

TEST_CASE("registry: at least the 28 optimizers of the zoo, each documented") {
  const char* required[] = {"sgd", "adam", "adamw", "adamax", "nadam", "radam", "rmsprop", "adagrad", "adadelta", "rprop",
                            "polyak", "nesterov_lookahead", "sign_sgd", "signum", "adagrad_norm", "adam_min_t",
                            "adabelief", "lion", "adafactor", "lars", "lamb", "nero", "madam", "fromage", "sgld",
                            "mcallester_adaptive", "mirror_descent", "lookahead"};
  for (const char* name : required) CHECK_MESSAGE(find_optimizer(name) != nullptr, name);
  std::set<std::string> names;
  for (const auto& info : optimizer_registry()) {
    INFO(info.name);
    CHECK(names.insert(info.name).second);
    CHECK(!info.title.empty());
    CHECK(!info.summary.empty());
    CHECK(!info.reference.empty());
    CHECK(!info.equation.empty());
    for (const auto& h : info.hyperparams) CHECK(!h.doc.empty());
    for (const auto& setting : info.rosenbrock_settings) {
      bool known = false;
      for (const auto& h : info.hyperparams) known |= h.name == setting.first;
      CHECK_MESSAGE(known, "rosenbrock setting " << setting.first);
    }
  }
  const Json listed = registry_to_json();
  CHECK(listed.size() >= 28);
}

TEST_CASE("table: every optimizer lowers the loss from its defaults on a quadratic and on Rosenbrock") {
  for (const auto& info : optimizer_registry()) {
    if (!gradient_method(info)) continue;
    for (const TestObjective& obj : {quadratic(), rosenbrock()}) {
      Stepper s(info, defaults_for(info, obj), obj);
      const double first = s.loss();
      const int steps = obj.name == "rosenbrock" ? 500 : 300;
      for (int k = 0; k < steps; ++k) s.step();
      const double last = s.loss();
      INFO(info.name << " on " << obj.name << ": " << first << " -> " << last);
      CHECK(std::isfinite(last));
      CHECK(last < 0.99 * first);
    }
  }
}

TEST_CASE("table: state resets, serialises to JSON and back, and resumes identically") {
  const TestObjective obj = quadratic();
  for (const auto& info : optimizer_registry()) {
    if (!gradient_method(info)) continue;
    INFO(info.name);
    Stepper a(info, hyper(info), obj, 7);
    for (int k = 0; k < 5; ++k) a.step();
    const Json saved = state_to_json(a.state);
    const OptimizerState restored = state_from_json(Json::parse(saved.dump()));
    CHECK(restored == a.state);
    CHECK(restored.step == 5);

    // Resume a copy from the restored state: the next steps match bit for bit (the
    // noise generator is re-seeded the same way in both).
    Stepper b(info, hyper(info), obj, 7);
    b.params = a.params;
    b.state = restored;
    Stepper c(info, hyper(info), obj, 7);
    c.params = a.params;
    c.state = a.state;
    for (int k = 0; k < 3; ++k) b.step(), c.step();
    CHECK(std::memcmp(b.params.data(), c.params.data(), b.params.size() * sizeof(float)) == 0);
    CHECK(b.state == c.state);

    // Reset: a fresh init from the starting point equals the first init.
    Stepper fresh(info, hyper(info), obj, 7);
    const OptimizerState reset = fresh.optimizer().init(obj.start.data(), obj.start.size());
    CHECK(reset == fresh.state);
    CHECK(!(reset == a.state));
  }
  CHECK(error_of([] { state_from_json(Json::parse(R"({"step": 1, "slots": [[1, "x"]], "scalars": []})")); }) ==
        "state.slots[0][1]: must be a finite number, got a string");
  CHECK(error_of([] { state_from_json(Json::parse(R"({"step": -1, "slots": [], "scalars": []})")); }).find("state.step:") == 0);
}

TEST_CASE("table: the same seed gives the same curve, bit for bit") {
  const TestObjective obj = quadratic();
  for (const auto& info : optimizer_registry()) {
    if (!gradient_method(info)) continue;
    INFO(info.name);
    Stepper a(info, hyper(info), obj, 3), b(info, hyper(info), obj, 3);
    for (int k = 0; k < 20; ++k) CHECK(a.step() == b.step());
    CHECK(std::memcmp(a.params.data(), b.params.data(), a.params.size() * sizeof(float)) == 0);
  }
  // The one noisy method really uses its seed.
  const OptimizerInfo& sgld = *find_optimizer("sgld");
  Stepper a(sgld, hyper(sgld, {{"temperature", 0.1}}), obj, 3), b(sgld, hyper(sgld, {{"temperature", 0.1}}), obj, 4);
  for (int k = 0; k < 3; ++k) a.step(), b.step();
  CHECK(a.params != b.params);
}

namespace {
// Values just outside a range, generated from the schema.
std::vector<double> outside(const Range& r) {
  std::vector<double> v;
  if (std::isfinite(r.lo)) v.push_back(r.lo_open ? r.lo : r.lo - 1.0);
  if (std::isfinite(r.hi)) v.push_back(r.hi_open ? r.hi : r.hi + 1.0);
  return v;
}

std::string run_error(const std::string& optimizer, const std::string& key, const Json& value) {
  Json spec = Json::parse(R"({"seed": 1, "steps": 1,
    "problem": {"kind": "inline", "task": "classification", "x": [[0.1, 2.0], [1.0, -1.0]], "y": [0, 1]},
    "model": {"kind": "mlp", "sizes": [2, 3, 2], "activation": "tanh"}, "loss": "cross_entropy"})");
  spec["runs"] = Json::array({{{"optimizer", optimizer}, {key, value}}});
  return error_of([&] { Experiment e(spec); });
}
}  // namespace

TEST_CASE("table: every hyperparameter outside its range gives a clear error naming it") {
  int checked = 0;
  for (const auto& info : optimizer_registry()) {
    for (const auto& h : info.hyperparams) {
      const std::string where = "runs[0]." + h.name;
      std::vector<Json> bad;
      switch (h.type) {
        case HyperType::Number:
          for (double v : outside(h.range)) bad.push_back(v);
          bad.push_back("fast");
          break;
        case HyperType::Integer:
          for (double v : outside(h.range)) bad.push_back(v);
          bad.push_back(h.fallback[0] + 0.5);
          break;
        case HyperType::Pair:
          for (double v : outside(h.range)) bad.push_back(Json::array({v, h.fallback[1]})), bad.push_back(Json::array({h.fallback[0], v}));
          bad.push_back(Json::array({h.fallback[0]}));
          break;
        case HyperType::Bool: bad.push_back(1); break;
        case HyperType::Choice: bad.push_back("no_such_option"); bad.push_back(2); break;
        case HyperType::Spec: bad.push_back(3); bad.push_back(Json::object({{"optimizer", "nope"}})); break;
      }
      for (const Json& v : bad) {
        const std::string msg = run_error(info.name, h.name, v);
        INFO(info.name << "." << h.name << " = " << v.dump() << " gave \"" << msg << "\"");
        CHECK(msg.find(where) == 0);
        CHECK((msg.find("must") != std::string::npos || msg.find("is not a known") != std::string::npos));
        ++checked;
      }
    }
  }
  CHECK(checked > 100);
  // Cross-field rules and nested specs name their field too.
  CHECK(run_error("rprop", "etas", Json::array({1.5, 1.2})).find("runs[0].etas: must be (etaminus, etaplus)") == 0);
  CHECK(run_error("lookahead", "inner", Json::parse(R"({"optimizer": "sgd", "lr": -1})")) ==
        "runs[0].inner.lr: must be a finite number > 0, got -1");
  CHECK(run_error("lookahead", "inner", Json::parse(R"({"optimizer": "nesterov_lookahead"})"))
            .find("runs[0].inner.optimizer: must be an optimizer that uses only the gradient") == 0);
  CHECK(run_error("mirror_descent", "signed", false).find("signed: the simplex form (signed: false) needs every parameter > 0") !=
        std::string::npos);
}

// A small MLP (inline data, explicit problem), every optimizer from its defaults,
// all in one experiment so they share the initial point and batches.
TEST_CASE("table: every optimizer lowers the loss of a small MLP from its defaults; same seed, same curves") {
  Json spec = Json::parse(R"({"seed": 4, "steps": 150, "batch_size": 0,
    "problem": {"kind": "inline", "task": "classification",
                "x": [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5], [-1.0, 0.3], [1.5, 1.0], [-0.7, -1.2],
                      [0.3, -0.4], [-1.4, 0.9], [0.9, 0.2], [-0.2, -0.8], [1.1, -1.5], [-0.5, 1.6]],
                "y": [0, 1, 2, 1, 0, 2, 1, 0, 2, 1, 2, 0]},
    "model": {"kind": "mlp", "sizes": [2, 6, 3], "activation": "tanh"}, "loss": "cross_entropy", "runs": []})");
  for (const auto& info : optimizer_registry())
    if (!info.caps.needs_objective) spec["runs"].push_back({{"optimizer", info.name}});
  Experiment a(spec), b(spec);
  a.run_to_end();
  b.run_to_end();
  const OrderedJson result = a.result();
  for (const auto& run : result["runs"]) {
    const auto& loss = run["loss"];
    const double first = loss.front().get<double>(), last = loss.back().get<double>();
    INFO(run["label"].get<std::string>() << ": " << first << " -> " << last);
    CHECK(run["status"] == "ok");
    CHECK(last < first);
  }
  // Same seed, same curves (wall time aside).
  const OrderedJson again = b.result();
  for (std::size_t i = 0; i < result["runs"].size(); ++i) {
    INFO(result["runs"][i]["label"].get<std::string>());
    CHECK(result["runs"][i]["loss"] == again["runs"][i]["loss"]);
    CHECK(result["runs"][i]["backward_passes"] == again["runs"][i]["backward_passes"]);
  }
}
