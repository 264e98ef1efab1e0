// Test functions (cpp/problems/*function*, quadratic, noisy quadratic): gradients by
// finite differences, the stated minima, the quadratic's spectrum, the gradient-noise
// option and the "function" spec rules.
#include <doctest/doctest.h>

#include <cmath>

#include "problems/problem_factory.hpp"
#include "problems/test_function.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

std::unique_ptr<Problem> function_problem(const std::string& problem_json, uint64_t seed = 3) {
  const Json spec = Json::parse(R"({"problem": )" + problem_json + "}");
  SpecObject s(spec, "");
  return make_problem(s, seed);
}

FunctionProblem& as_function(Problem& p) { return dynamic_cast<FunctionProblem&>(p); }

// Largest |analytic - central difference| / max(1, |numeric|) at x.
double gradient_error(const TestFunction& f, std::vector<double> x) {
  std::vector<double> g(x.size());
  f.eval(x.data(), {}, g.data());
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double keep = x[i], h = 1e-6;
    x[i] = keep + h;
    const double up = f.eval(x.data(), {}, nullptr);
    x[i] = keep - h;
    const double down = f.eval(x.data(), {}, nullptr);
    x[i] = keep;
    const double numeric = (up - down) / (2 * h);
    worst = std::max(worst, std::abs(g[i] - numeric) / std::max(1.0, std::abs(numeric)));
  }
  return worst;
}

const char* kAll[] = {
    R"({"kind": "function", "name": "quadratic", "dim": 5, "condition": 50, "rotate": true})",
    R"({"kind": "function", "name": "rosenbrock"})",
    R"({"kind": "function", "name": "beale"})",
    R"({"kind": "function", "name": "himmelblau"})",
    R"({"kind": "function", "name": "saddle"})",
    R"({"kind": "function", "name": "rastrigin", "dim": 3})",
    R"({"kind": "function", "name": "noisy_quadratic", "size": 50})",
};

}  // namespace

TEST_CASE("functions: analytic gradients match central differences at random points") {
  Rng rng(11);
  for (const char* text : kAll) {
    auto p = function_problem(text);
    const TestFunction& f = as_function(*p).function();
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<double> x(f.dim());
      for (double& v : x) v = rng.uniform(-2.5, 2.5);
      CHECK_MESSAGE(gradient_error(f, x) < 1e-6, text);
    }
  }
}

TEST_CASE("functions: every stated minimum has zero gradient and the lowest value found nearby") {
  Rng rng(5);
  for (const char* text : kAll) {
    auto p = function_problem(text);
    const TestFunction& f = as_function(*p).function();
    for (const auto& m : f.minima()) {
      std::vector<double> g(m.size());
      const double at_min = f.eval(m.data(), {}, g.data());
      for (double v : g) CHECK_MESSAGE(std::abs(v) < 1e-9, text);
      // No random nearby point is lower (a minimum, not a saddle or maximum).
      for (int trial = 0; trial < 200; ++trial) {
        std::vector<double> y = m;
        for (double& v : y) v += rng.uniform(-1e-2, 1e-2);
        CHECK_MESSAGE(f.eval(y.data(), {}, nullptr) >= at_min, text);
      }
    }
  }
}

TEST_CASE("functions: Himmelblau's distance_to_min is to the nearest of its four minima") {
  auto p = function_problem(R"({"kind": "function", "name": "himmelblau"})");
  const float near_second[2] = {-2.8f, 3.2f};
  const double d = as_function(*p).distance_to_min(near_second);
  CHECK(d == doctest::Approx(std::hypot(-2.8 + 2.805118086952745, 3.2 - 3.131312518250573)).epsilon(1e-5));
  const auto m = p->metrics(near_second);
  REQUIRE(m.size() == 1);
  CHECK(m[0].name == "distance_to_min");
  CHECK(m[0].value == doctest::Approx(d));
}

TEST_CASE("functions: the quadratic's Hessian has eigenvalues 1..kappa, log-spaced, and any rotation keeps them") {
  for (const bool rotate : {false, true}) {
    const int d = 6;
    const double kappa = 100;
    auto p = function_problem(R"({"kind": "function", "name": "quadratic", "dim": 6, "condition": 100, "rotate": )" +
                              std::string(rotate ? "true" : "false") + "}");
    const TestFunction& f = as_function(*p).function();
    // Columns of A from gradients at unit vectors (f is exactly quadratic).
    std::vector<double> a(d * d), e(d), g(d);
    for (int j = 0; j < d; ++j) {
      std::fill(e.begin(), e.end(), 0.0);
      e[j] = 1;
      f.eval(e.data(), {}, g.data());
      for (int i = 0; i < d; ++i) a[i * d + j] = g[i];
    }
    double trace = 0, frob2 = 0, asym = 0;
    for (int i = 0; i < d; ++i) {
      trace += a[i * d + i];
      for (int j = 0; j < d; ++j) {
        frob2 += a[i * d + j] * a[i * d + j];
        asym = std::max(asym, std::abs(a[i * d + j] - a[j * d + i]));
      }
    }
    double want_trace = 0, want_frob2 = 0;
    for (int i = 0; i < d; ++i) {
      const double lambda = std::pow(kappa, static_cast<double>(i) / (d - 1));
      want_trace += lambda;
      want_frob2 += lambda * lambda;
    }
    CHECK(asym < 1e-9);
    CHECK(trace == doctest::Approx(want_trace).epsilon(1e-10));
    CHECK(frob2 == doctest::Approx(want_frob2).epsilon(1e-10));
    // Rotated: A is not diagonal.
    double off = 0;
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j)
        if (i != j) off += std::abs(a[i * d + j]);
    CHECK((off > 1.0) == rotate);
  }
}

TEST_CASE("functions: gradient noise is the same for every call within a step and fresh at the next") {
  auto p = function_problem(R"({"kind": "function", "name": "rosenbrock", "gradient_noise": 0.5})");
  auto exact = function_problem(R"({"kind": "function", "name": "rosenbrock"})");
  const float x[2] = {0.3f, -0.2f};
  float g_exact[2], g1[2], g2[2], g3[2];
  exact->loss_and_grad(x, {}, g_exact);
  p->begin_step(7);
  p->loss_and_grad(x, {}, g1);
  p->loss_and_grad(x, {}, g2);
  p->begin_step(8);
  p->loss_and_grad(x, {}, g3);
  CHECK(g1[0] == g2[0]);
  CHECK(g1[1] == g2[1]);
  CHECK(g1[0] != g3[0]);
  // Over many steps the noise has mean 0 and the requested std.
  double sum = 0, sum2 = 0;
  const int steps = 4000;
  for (int s = 0; s < steps; ++s) {
    p->begin_step(s);
    float g[2];
    p->loss_and_grad(x, {}, g);
    for (int i = 0; i < 2; ++i) {
      const double n = static_cast<double>(g[i]) - g_exact[i];
      sum += n;
      sum2 += n * n;
    }
  }
  const double mean = sum / (2 * steps), sd = std::sqrt(sum2 / (2 * steps) - mean * mean);
  CHECK(std::abs(mean) < 4 * 0.5 / std::sqrt(2.0 * steps));
  CHECK(sd == doctest::Approx(0.5).epsilon(0.05));
}

TEST_CASE("functions: the noisy quadratic's minibatch gradient is beta minus the batch mean") {
  auto p = function_problem(R"({"kind": "function", "name": "noisy_quadratic", "size": 100, "mean": 2, "std": 1})");
  CHECK(p->train_size() == 100);
  const TestFunction& f = as_function(*p).function();
  const double m = f.minima()[0][0];
  const float beta = static_cast<float>(m);
  float full[1], part[1];
  p->loss_and_grad(&beta, {}, full);
  CHECK(std::abs(full[0]) < 1e-5);  // at the sample mean the full gradient vanishes
  p->loss_and_grad(&beta, {0, 1, 2, 3}, part);
  std::vector<double> x = {beta};
  double batch_mean = 0;
  for (int i : {0, 1, 2, 3}) {
    // y_i = beta - grad of example i alone.
    double g;
    f.eval(x.data(), {i}, &g);
    batch_mean += (beta - g) / 4;
  }
  CHECK(part[0] == doctest::Approx(beta - batch_mean).epsilon(1e-5));
  CHECK(std::abs(part[0]) > 1e-3);  // a finite batch is noisy even at the optimum
  CHECK(m == doctest::Approx(2.0).epsilon(0.15));
}

TEST_CASE("functions: spec rules: no model or loss, start of the right length, known names") {
  const std::string base = R"({"seed": 0, "steps": 3, "runs": [{"optimizer": "sgd", "lr": 0.01}], "problem": )";
  auto err = [&](const std::string& problem, const std::string& extra = "") {
    return error_of([&] { Experiment e(Json::parse(base + problem + extra + "}")); });
  };
  CHECK(err(R"({"kind": "function", "name": "beale"})", R"(, "model": {"kind": "mlp", "sizes": [2, 2]})") ==
        "model: must not be given for a \"function\" problem (the function is the loss)");
  CHECK(err(R"({"kind": "function", "name": "beale"})", R"(, "loss": "mse")").rfind("loss: must not be given", 0) == 0);
  CHECK(err(R"({"kind": "function", "name": "beale", "start": [1, 2, 3]})") ==
        "problem.start: must list 2 coordinates (the function's dimension), got 3");
  CHECK(err(R"({"kind": "function", "name": "booth"})").rfind("problem.name: must be one of", 0) == 0);
  CHECK(err(R"({"kind": "function", "name": "beale", "gradient_noise": -1})").rfind("problem.gradient_noise:", 0) == 0);
  CHECK(err(R"({"kind": "function", "name": "quadratic", "condition": 0.5})").rfind("problem.condition:", 0) == 0);
  CHECK(err(R"({"kind": "function", "name": "beale", "dim": 3})") == "problem.dim: is not a known key here");
  CHECK(err(R"({"kind": "function", "name": "beale", "start": [0.5, 0.25]})").empty());
}

TEST_CASE("functions: an experiment records distance_to_min; GD on the quadratic shrinks it") {
  Experiment e(Json::parse(R"({"seed": 0, "steps": 50, "record_every": 10,
    "problem": {"kind": "function", "name": "quadratic", "dim": 4, "condition": 10},
    "runs": [{"optimizer": "sgd", "lr": 0.1}]})"));
  e.run_to_end();
  const Run& r = e.runs()[0];
  REQUIRE(r.metrics.size() == 1);
  CHECK(r.metrics[0].first == "distance_to_min");
  const auto& d = r.metrics[0].second;
  REQUIRE(d.size() == 6);
  CHECK(d[0] == doctest::Approx(2.0));  // start (1, 1, 1, 1)
  for (std::size_t i = 1; i < d.size(); ++i) CHECK(d[i] < d[i - 1]);
  // The slowest mode (lambda = 1) shrinks by exactly 1 - lr per step; it dominates.
  CHECK(d.back() == doctest::Approx(std::pow(0.9, 50)).epsilon(0.02));
}

TEST_CASE("functions: lossGrid gives f at the grid points, rows along y") {
  auto p = function_problem(R"({"kind": "function", "name": "rosenbrock"})");
  const double b[4] = {-2, 2, -1, 3};
  std::vector<float> grid(5 * 3);
  p->loss_grid(b, 5, 3, grid.data());
  const TestFunction& f = as_function(*p).function();
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 5; ++i) {
      const double x[2] = {-2 + i * 1.0, -1 + j * 2.0};
      CHECK(grid[j * 5 + i] == doctest::Approx(f.eval(x, {}, nullptr)).epsilon(1e-6));
    }
  auto q = function_problem(R"({"kind": "function", "name": "rastrigin", "dim": 3})");
  CHECK(error_of([&] { q->loss_grid(b, 2, 2, grid.data()); }).rfind("lossGrid: needs a 1-D or 2-D test function", 0) == 0);
  const ProblemInfo info = p->info();
  CHECK(info.kind == "function");
  CHECK(info.name == "rosenbrock");
  CHECK(info.two_d);
  CHECK(info.has_minimum);
  CHECK(info.minimum[0] == 1.0);
}

TEST_CASE("functions: a 1-D function's lossGrid is one row of f over [xmin, xmax]") {
  // The y bounds are not used: NaN-free but arbitrary values must not change the row.
  const double b[4] = {-1.5, 2.5, 7, -3};
  for (const char* spec : {R"({"kind": "function", "name": "double_well", "dim": 1, "height": 0.25})",
                           R"({"kind": "function", "name": "noisy_quadratic", "size": 50, "mean": 0.3})"}) {
    CAPTURE(spec);
    auto p = function_problem(spec);
    const TestFunction& f = as_function(*p).function();
    REQUIRE(f.dim() == 1);
    std::vector<float> grid(9, -1.0f);
    p->loss_grid(b, 9, 1, grid.data());
    for (int i = 0; i < 9; ++i) {
      const double x = -1.5 + 0.5 * i;
      CHECK(grid[i] == doctest::Approx(f.eval(&x, {}, nullptr)).epsilon(1e-6));
    }
    // One point: f at xmin.
    p->loss_grid(b, 1, 1, grid.data());
    CHECK(grid[0] == doctest::Approx(f.eval(&b[0], {}, nullptr)).epsilon(1e-6));
    CHECK(error_of([&] { p->loss_grid(b, 3, 2, grid.data()); }) == "lossGrid: a 1-D function's grid is one row: ny must be 1, got 2");
    CHECK_FALSE(p->info().two_d);
  }
  // The double well's values themselves, not only agreement with eval: 0.25 (x^2 - 1)^2.
  auto w = function_problem(R"({"kind": "function", "name": "double_well", "dim": 1, "height": 0.25})");
  const double c[4] = {-1, 1, 0, 0};
  std::vector<float> row(3);
  w->loss_grid(c, 3, 1, row.data());
  CHECK(row[0] == doctest::Approx(0.0));
  CHECK(row[1] == doctest::Approx(0.25));
  CHECK(row[2] == doctest::Approx(0.0));
}
