// Experiment features the lessons build on: per-run batch sizes, the stationary-density
// histogram, per-coordinate gradient noise, and mirror descent on the simplex.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "optim_harness.hpp"
#include "problems/problem_factory.hpp"
#include "problems/test_function.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

// The result as the CLI prints it (NaN becomes null).
Json run_spec(const Json& spec) {
  Experiment e(spec);
  e.run_to_end();
  return Json::parse(e.result().dump());
}

// A function problem from its "problem" object.
std::unique_ptr<Problem> function_problem(const Json& problem, uint64_t seed) {
  const Json outer = {{"problem", problem}};
  SpecObject spec(outer, "");
  return make_problem(spec, seed);
}

Json noisy_quadratic_spec() {
  return Json::parse(R"({"seed": 3, "problem": {"kind": "function", "name": "noisy_quadratic", "size": 64},
                         "batch_size": 8, "steps": 40, "runs": []})");
}

}  // namespace

TEST_CASE("per-run batch_size: runs sharing a size share minibatches, whatever the experiment's size") {
  Json spec = noisy_quadratic_spec();
  spec["runs"] = Json::parse(R"([{"optimizer": "sgd", "lr": 0.1, "label": "inherits 8"},
                                 {"optimizer": "sgd", "lr": 0.1, "batch_size": 8, "label": "own 8"},
                                 {"optimizer": "sgd", "lr": 0.1, "batch_size": 32, "label": "own 32"},
                                 {"optimizer": "sgd", "lr": 0.1, "batch_size": 0, "label": "full"}])");
  const Json r = run_spec(spec);
  const auto& runs = r["runs"];
  CHECK(runs[0]["loss"] == runs[1]["loss"]);
  CHECK(runs[0]["loss"] != runs[2]["loss"]);
  CHECK(runs[2]["loss"] != runs[3]["loss"]);
  CHECK(runs[2]["examples"].back() == 32 * 40);
  CHECK(runs[3]["examples"].back() == 64 * 40);
  CHECK(!runs[0].contains("batch_size"));
  CHECK(runs[2]["batch_size"] == 32);
  // A run with its own size 32 sees what an experiment of batch size 32 gives every run.
  Json alone = noisy_quadratic_spec();
  alone["batch_size"] = 32;
  alone["runs"] = Json::parse(R"([{"optimizer": "sgd", "lr": 0.1}])");
  CHECK(run_spec(alone)["runs"][0]["loss"] == runs[2]["loss"]);
  // Full batch on the noisy quadratic is plain GD: loss falls monotonically.
  const auto& full = runs[3]["loss"];
  for (std::size_t k = 1; k < full.size(); ++k) CHECK(full[k].get<double>() <= full[k - 1].get<double>());
}

TEST_CASE("per-run batch_size errors and mid-run changes") {
  Json spec = noisy_quadratic_spec();
  spec["runs"] = Json::parse(R"([{"optimizer": "sgd", "batch_size": -2}])");
  CHECK(error_of([&] { Experiment e(spec); }).find("runs[0].batch_size: must be an integer in [0, 16777216]") == 0);
  spec["runs"] = Json::parse(R"([{"optimizer": "sgd", "batch_size": 4}])");
  Experiment e(spec);
  CHECK(error_of([&] { e.update_run(0, Json::parse(R"({"optimizer": "sgd", "batch_size": 8})")); })
            .find("runs[0].batch_size: cannot change mid-run") == 0);
  CHECK(error_of([&] { e.update_run(0, Json::parse(R"({"optimizer": "sgd", "batch_size": 4, "lr": 0.2})")); }).empty());
}

TEST_CASE("function gradient_noise per coordinate: each coordinate's spread is its own") {
  // At the minimum of a quadratic the gradient is the noise alone.
  const Json spec = Json::parse(R"({"kind": "function", "name": "quadratic", "dim": 2, "start": [0, 0],
                                    "gradient_noise": [0.5, 2]})");
  auto p = function_problem(spec, 7);
  float x[2] = {0, 0}, g[2];
  double s0 = 0, s1 = 0;
  const int n = 4000;
  for (int k = 0; k < n; ++k) {
    p->begin_step(k);
    p->loss_and_grad(x, {}, g);
    s0 += g[0] * g[0], s1 += g[1] * g[1];
  }
  CHECK(std::sqrt(s0 / n) == doctest::Approx(0.5).epsilon(0.05));
  CHECK(std::sqrt(s1 / n) == doctest::Approx(2.0).epsilon(0.05));
  Json bad = spec;
  bad["gradient_noise"] = {1, 2, 3};
  CHECK(error_of([&] { function_problem(bad, 7); }).find("problem.gradient_noise: must be one number or one per coordinate (2), got 3") == 0);
  bad["gradient_noise"] = {1, -2};
  CHECK(error_of([&] { function_problem(bad, 7); }).find("problem.gradient_noise[1]: must be a finite number in [0, 1e+06], got -2") == 0);
}

TEST_CASE("histogram: SGD on a noisy 1-D quadratic settles into a Gaussian of variance lr s^2 / (2 - lr) per unit curvature") {
  // x <- x - lr (x + s z): an AR(1) process with stationary variance lr s^2 / (2 - lr)
  // (the Langevin approximation lr s^2 / 2 for small lr).
  const double lr = 0.1, s = 1.0;
  const Json spec = Json::parse(R"({"seed": 5, "problem": {"kind": "function", "name": "quadratic", "dim": 1,
      "gradient_noise": 1, "start": [0]}, "steps": 40000, "record_every": 1000,
      "histogram": {"burn_in": 100, "bins": 40, "range": [-2, 2]},
      "runs": [{"optimizer": "sgd", "lr": 0.1}, {"optimizer": "sgd", "lr": 0.025, "label": "cold"}]})");
  const Json r = run_spec(spec);
  const auto& h = r["runs"][0]["histogram"];
  CHECK(h["samples"] == 40000 - 100);
  const auto counts = h["counts"].get<std::vector<int64_t>>();
  REQUIRE(counts.size() == 40);
  CHECK(std::accumulate(counts.begin(), counts.end(), int64_t{0}) + h["outside"].get<int64_t>() == 39900);
  const double var = h["covariance"][0][0].get<double>(), predicted = lr * s * s / (2 - lr);
  INFO("measured variance " << var << ", predicted " << predicted);
  CHECK(var == doctest::Approx(predicted).epsilon(0.15));
  CHECK(std::abs(h["mean"][0].get<double>()) < 0.05);
  // The density peaks in the middle and is symmetric within noise.
  CHECK(counts[19] + counts[20] > 10 * (counts[5] + counts[34] + 1));
  // A lower temperature (smaller lr) gives a narrower density.
  CHECK(r["runs"][1]["histogram"]["covariance"][0][0].get<double>() < 0.5 * var);
  CHECK(h["centers"][0][0].get<double>() == doctest::Approx(-1.95));
}

TEST_CASE("histogram: 2-D cells are row-major with x fastest; two temperatures give two spreads") {
  const Json spec = Json::parse(R"({"seed": 2, "problem": {"kind": "function", "name": "quadratic", "dim": 2,
      "condition": 1, "gradient_noise": [0.2, 1.0], "start": [0, 0]}, "steps": 20000, "record_every": 1000,
      "histogram": {"burn_in": 50, "bins": [4, 3], "range": [[-3, 3], [-1.5, 1.5]]},
      "runs": [{"optimizer": "sgd", "lr": 0.1}]})");
  const Json r = run_spec(spec);
  const auto& h = r["runs"][0]["histogram"];
  CHECK(h["counts"].size() == 12);
  CHECK(h["bins"] == Json::parse("[4, 3]"));
  const double vx = h["covariance"][0][0].get<double>(), vy = h["covariance"][1][1].get<double>();
  INFO("variances " << vx << ", " << vy);
  CHECK(vy / vx == doctest::Approx(25.0).epsilon(0.2));  // (1.0 / 0.2)^2
  CHECK(std::abs(h["covariance"][0][1].get<double>()) < 0.1 * std::sqrt(vx * vy));
  // Cell = x bin + 4 * y bin. x's spread (std ~0.05) stays in its middle two bins, y's
  // (std ~0.23) mostly in its middle bin: cells 5 and 6; transposed, those would be nearly empty.
  const auto c = h["counts"].get<std::vector<int64_t>>();
  const int64_t middle_row = c[4 + 1] + c[4 + 2];
  CHECK(middle_row > 0.9 * h["samples"].get<int64_t>());
}

TEST_CASE("histogram spec errors are path: rule") {
  Json spec = Json::parse(R"({"problem": {"kind": "function", "name": "quadratic", "dim": 2}, "steps": 5,
                              "runs": [{"optimizer": "sgd"}]})");
  const std::pair<const char*, const char*> cases[] = {
      {R"({"bins": 10})", "histogram.range: is required"},
      {R"({"bins": 0, "range": [0, 1]})", "histogram.bins: must be an integer in [1, 4096]"},
      {R"({"bins": [10, 10, 10], "range": [0, 1]})", "histogram.bins: must be one count or one per coordinate (2), got 3"},
      {R"({"bins": 10, "range": [1, 0]})", "histogram.range: must have lo < hi"},
      {R"({"bins": 10, "range": [[0, 1]]})", "histogram.range: must be [lo, hi] or one [lo, hi] per coordinate (2), got 1"},
      {R"({"bins": 10, "range": [0, 1], "burn_in": -1})", "histogram.burn_in: must be an integer in [0, 10000000]"},
      {R"({"bins": 10, "range": [0, 1], "burnin": 3})", "histogram.burnin: is not a known key here"},
      {R"({"bins": [4096, 17], "range": [0, 1]})", "histogram.bins: must make at most 65536 cells, got 69632"},
  };
  for (const auto& c : cases) {  // no structured binding: clang-14 cannot capture one in INFO's lambda
    const std::string patch = c.first, message = c.second;
    spec["histogram"] = Json::parse(patch);
    const std::string msg = error_of([&] { Experiment e(spec); });
    INFO(patch << " gave " << msg);
    CHECK(msg.find(message) == 0);
  }
  spec["problem"]["dim"] = 3;
  spec["histogram"] = Json::parse(R"({"bins": 10, "range": [0, 1]})");
  CHECK(error_of([&] { Experiment e(spec); }).find("histogram: needs a problem with 1 or 2 parameters") == 0);
}

TEST_CASE("simplex_quadratic: its minimiser is on the simplex and satisfies the KKT conditions") {
  const Json p = Json::parse(R"({"kind": "function", "name": "simplex_quadratic", "dim": 6, "condition": 5})");
  auto problem = function_problem(p, 11);
  const TestFunction& f = dynamic_cast<FunctionProblem&>(*problem).function();
  const auto w = f.minima()[0];
  std::vector<double> g(w.size());
  f.eval(w.data(), {}, g.data());
  double sum = 0, nu = 0;
  int inside = 0, boundary = 0;
  for (double v : w) sum += v;
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  // Every coordinate inside has gradient -nu; every one at zero has gradient >= -nu.
  for (std::size_t i = 0; i < w.size(); ++i)
    if (w[i] > 0) nu = -g[i], ++inside;
  for (std::size_t i = 0; i < w.size(); ++i) {
    CHECK(w[i] >= 0);
    if (w[i] > 0) CHECK(-g[i] == doctest::Approx(nu).epsilon(1e-9));
    else {
      CHECK(g[i] >= -nu - 1e-12);
      ++boundary;
    }
  }
  CHECK(inside >= 1);
  MESSAGE("seeded target: " << inside << " coordinates inside, " << boundary << " on the boundary");
}

TEST_CASE("mirror descent on the simplex: exponentiated and projected gradient both converge and stay feasible") {
  const Json spec = Json::parse(R"({"seed": 4, "problem": {"kind": "function", "name": "simplex_quadratic", "dim": 8,
      "target": [0.5, 0.4, 0.3, -0.1, 0.0, 0.05, -0.2, 0.1]}, "steps": 400,
      "runs": [{"optimizer": "mirror_descent", "signed": false, "lr": 0.5, "label": "eg"},
               {"optimizer": "mirror_descent", "signed": false, "mirror_map": "euclidean", "lr": 0.5, "label": "pgd"}]})");
  Experiment e(spec);
  e.run_to_end();
  const Json r = Json::parse(e.result().dump());
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& run = e.runs()[k];
    double sum = 0;
    for (float v : run.params) {
      sum += v;
      CHECK(v >= 0);
    }
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-4));
    const auto& dist = r["runs"][k]["metrics"]["distance_to_min"];
    INFO(run.label << ": distance " << dist.front() << " -> " << dist.back());
    CHECK(dist.back().get<double>() < 1e-2 * dist.front().get<double>());
  }
  // Projected gradient reaches the face exactly (zeros), exponentiated gradient only
  // approaches it (positive weights).
  CHECK(e.runs()[1].params[6] == 0.0f);
  CHECK(e.runs()[0].params[6] > 0.0f);
}

TEST_CASE("euclidean mirror map: simplex projection against a written-out case, signed form stays in its l1 ball") {
  const OptimizerInfo& md = *find_optimizer("mirror_descent");
  ParamLayout layout;
  layout.add("x", 1, 3, ParamRole::Other);
  StepContext ctx;
  ctx.layout = &layout;
  {
    auto opt = md.make(hyper(md, {{"signed", false}, {"mirror_map", "euclidean"}, {"lr", 1.0}}));
    std::vector<float> w = {0.2f, 0.3f, 0.5f};
    OptimizerState s = opt->init(w.data(), 3);
    const std::vector<float> g = {0.5f, 0.0f, -0.3f};
    // v = w - g = (-0.3, 0.3, 0.8); projection onto the unit simplex: theta = 0.05 ->
    // (0, 0.25, 0.75).
    opt->update(w.data(), g.data(), 3, s, ctx);
    CHECK(w[0] == 0.0f);
    CHECK(w[1] == doctest::Approx(0.25).epsilon(1e-6));
    CHECK(w[2] == doctest::Approx(0.75).epsilon(1e-6));
  }
  {
    auto opt = md.make(hyper(md, {{"mirror_map", "euclidean"}, {"lr", 1.0}}));
    std::vector<float> w = {1.0f, -1.0f, 0.0f};
    OptimizerState s = opt->init(w.data(), 3);
    const std::vector<float> g = {-3.0f, 2.0f, 1.0f};
    opt->update(w.data(), g.data(), 3, s, ctx);
    // v = w - g = (4, -3, -1) lies outside the ball of radius r = sum(|w| + 2 delta):
    // |v| projected onto the simplex of mass r keeps the two largest, theta = (7 - r)/2.
    const double radius = 2.0 + 6 * (1e-3 * 2.0 / 3.0), theta = (7 - radius) / 2;
    CHECK(std::abs(w[0]) + std::abs(w[1]) + std::abs(w[2]) == doctest::Approx(radius).epsilon(1e-5));
    CHECK(w[0] == doctest::Approx(4 - theta).epsilon(1e-5));
    CHECK(w[1] == doctest::Approx(-(3 - theta)).epsilon(1e-5));
    CHECK(w[2] == 0.0f);
  }
}

TEST_CASE("double_well: minima at the corners, gradient matches finite differences") {
  for (int dim : {1, 2}) {
    const Json p = Json{{"kind", "function"}, {"name", "double_well"}, {"dim", dim}, {"height", 0.5}};
    auto problem = function_problem(p, 1);
    const TestFunction& f = dynamic_cast<FunctionProblem&>(*problem).function();
    CHECK(f.minima().size() == (dim == 1 ? 2u : 4u));
    std::vector<double> x = {0.3, -1.7}, g(2), xp, xm;
    x.resize(dim);
    f.eval(x.data(), {}, g.data());
    for (int i = 0; i < dim; ++i) {
      xp = x, xm = x;
      xp[i] += 1e-6, xm[i] -= 1e-6;
      CHECK(g[i] == doctest::Approx((f.eval(xp.data(), {}, nullptr) - f.eval(xm.data(), {}, nullptr)) / 2e-6).epsilon(1e-6));
    }
  }
}

namespace {
Json relu_net_spec(const std::string& activation) {
  Json spec = Json::parse(R"({"seed": 9, "problem": {"kind": "dataset", "name": "spiral", "size": 60},
      "model": {"kind": "mlp", "sizes": [2, 16, 3]}, "loss": "cross_entropy", "steps": 30, "record_every": 10,
      "diagnostics": {"weight_norms": true, "gradient_change": true, "relu_rescale": 3},
      "runs": [{"optimizer": "sgd", "lr": 0.1}]})");
  spec["model"]["activation"] = activation;
  return spec;
}
}  // namespace

TEST_CASE("relu_rescale: c^-1 W2 relu(c W1 x) is the same function; tanh's is not") {
  const Json relu = run_spec(relu_net_spec("relu")), tanh = run_spec(relu_net_spec("tanh"));
  const auto& r = relu["runs"][0]["diagnostics"]["relu_rescale_change"];
  const auto& t = tanh["runs"][0]["diagnostics"]["relu_rescale_change"];
  REQUIRE(r.size() == relu["runs"][0]["step"].size());
  for (std::size_t k = 0; k < r.size(); ++k) {
    INFO("point " << k << ": relu " << r[k] << ", tanh " << t[k]);
    CHECK(r[k].get<double>() < 1e-5);
    CHECK(t[k].get<double>() > 1e-2);
  }
  Json linear = relu_net_spec("relu");
  linear["model"] = Json::parse(R"({"kind": "logistic"})");
  CHECK(error_of([&] { Experiment e(linear); }).find("diagnostics.relu_rescale: needs a network") == 0);
  Json bad = relu_net_spec("relu");
  bad["diagnostics"]["relu_rescale"] = 0;
  CHECK(error_of([&] { Experiment e(bad); }).find("diagnostics.relu_rescale: must be a finite number > 0") == 0);
  bad["diagnostics"] = Json::parse(R"({"weight_norm": true})");
  CHECK(error_of([&] { Experiment e(bad); }).find("diagnostics.weight_norm: is not a known key here") == 0);
}

TEST_CASE("weight_norms: each layer's norm at every recorded point; weight decay balances the layers") {
  // For a ReLU network trained by gradient descent, ||W1||^2 + ||b1||^2 - ||W2||^2 is
  // conserved up to O(lr^2) (rescaling symmetry); L2 weight decay shrinks it by
  // (1 - lr wd)^2 per step. PyTorch's init already starts unbalanced (16x2 inputs with
  // biases against 3x16 outputs at a quarter of the scale).
  Json spec = relu_net_spec("relu");
  spec["steps"] = 300;
  spec["record_every"] = 300;
  spec["runs"] = Json::parse(R"([{"optimizer": "sgd", "lr": 0.01, "label": "plain"},
                                 {"optimizer": "sgd", "lr": 0.01, "weight_decay": 0.5, "label": "decay"}])");
  Experiment e(spec);
  const ParamLayout& layout = e.problem().layout();
  auto imbalance = [&](const std::vector<float>& p) {
    double w1 = 0, b1 = 0, w2 = 0;
    const auto& v = layout.views();  // layer0.weight, layer0.bias, layer2.weight, layer2.bias
    for (std::size_t i = v[0].offset; i < v[0].offset + v[0].size(); ++i) w1 += p[i] * p[i];
    for (std::size_t i = v[1].offset; i < v[1].offset + v[1].size(); ++i) b1 += p[i] * p[i];
    for (std::size_t i = v[2].offset; i < v[2].offset + v[2].size(); ++i) w2 += p[i] * p[i];
    return w1 + b1 - w2;
  };
  const double start = imbalance(e.initial_point());
  e.run_to_end();
  const Json r = Json::parse(e.result().dump());
  const double plain = imbalance(e.runs()[0].params), decay = imbalance(e.runs()[1].params);
  INFO("imbalance " << start << " -> plain " << plain << ", decay " << decay);
  CHECK(std::abs(plain - start) < 0.05 * std::abs(start));
  CHECK(std::abs(decay) == doctest::Approx(std::abs(start) * std::pow(1 - 0.01 * 0.5, 600)).epsilon(0.25));
  const auto& norms = r["runs"][1]["diagnostics"]["weight_norm"];
  CHECK(norms.size() == 2);
  const ParamView& w2 = layout.views()[2];
  CHECK(norms["layer2.weight"].back().get<double>() ==
        doctest::Approx(l2_norm(e.runs()[1].params.data() + w2.offset, w2.size())).epsilon(1e-9));
}

TEST_CASE("gradient_change: exact on the identity quadratic, null at step 0, linear in the step for a network") {
  // f = 1/2 ||x||^2: g(x) = x, so the relative gradient change equals ||dx||/||x||, the bound.
  const Json quad = Json::parse(R"({"problem": {"kind": "function", "name": "quadratic", "dim": 3, "condition": 1,
      "start": [1, -2, 0.5]}, "steps": 5, "diagnostics": {"gradient_change": true},
      "runs": [{"optimizer": "adam", "lr": 0.1}]})");
  const Json q = run_spec(quad);
  const auto& d = q["runs"][0]["diagnostics"];
  CHECK(d["gradient_change"][0].is_null());
  CHECK(d["gradient_change_bound"][0].is_null());
  for (std::size_t k = 1; k < d["gradient_change"].size(); ++k)
    CHECK(d["gradient_change"][k].get<double>() == doctest::Approx(d["gradient_change_bound"][k].get<double>()).epsilon(1e-4));
  // Network: the first step from the same point with lr / 10 changes the gradient, and
  // the bound, about ten times less.
  Json net = relu_net_spec("relu");
  net["record_every"] = 1;
  net["steps"] = 1;
  net["runs"] = Json::parse(R"([{"optimizer": "sgd", "lr": 0.1, "label": "big"}, {"optimizer": "sgd", "lr": 0.01, "label": "small"}])");
  const Json n = run_spec(net);
  const auto& big = n["runs"][0]["diagnostics"], &small = n["runs"][1]["diagnostics"];
  const double change_ratio = big["gradient_change"][1].get<double>() / small["gradient_change"][1].get<double>();
  const double bound_ratio = big["gradient_change_bound"][1].get<double>() / small["gradient_change_bound"][1].get<double>();
  INFO("change " << big["gradient_change"][1] << " vs " << small["gradient_change"][1] << ", bound "
                 << big["gradient_change_bound"][1] << " vs " << small["gradient_change_bound"][1]);
  CHECK(change_ratio == doctest::Approx(10).epsilon(0.2));
  CHECK(bound_ratio == doctest::Approx(10).epsilon(0.1));
  CHECK(big["gradient_change"][1].get<double>() > 0);
}

TEST_CASE("lecture (McAllester): RMSprop's second moment shrinks like 1/B, the per-example one does not") {
  // At the optimum of the noisy quadratic the gradient is pure minibatch noise; with a
  // tiny lr the point stays there and the running second moment settles at E g^2.
  const Json spec = Json::parse(R"({"seed": 1, "problem": {"kind": "function", "name": "noisy_quadratic",
      "size": 256, "start": [0]}, "steps": 2000, "record_every": 2000,
      "runs": [{"optimizer": "rmsprop", "lr": 1e-9, "alpha": 0.995, "batch_size": 4, "label": "rms 4"},
               {"optimizer": "rmsprop", "lr": 1e-9, "alpha": 0.995, "batch_size": 64, "label": "rms 64"},
               {"optimizer": "rmsprop_per_example", "lr": 1e-9, "alpha": 0.995, "batch_size": 4, "label": "pe 4"},
               {"optimizer": "rmsprop_per_example", "lr": 1e-9, "alpha": 0.995, "batch_size": 64, "label": "pe 64"}]})");
  Experiment e(spec);
  e.run_to_end();
  auto s = [&](std::size_t k) { return static_cast<double>(e.runs()[k].state.slots[0][0]); };
  INFO("rmsprop s: " << s(0) << " (B=4), " << s(1) << " (B=64); per-example s: " << s(2) << ", " << s(3));
  CHECK(s(0) / s(1) > 5);  // 16 in expectation
  CHECK(s(2) / s(3) == doctest::Approx(1.0).epsilon(0.25));
  CHECK(s(3) == doctest::Approx(1.0).epsilon(0.25));  // per-example variance of y ~ N(0, 1)
}
