// Zeroth-order methods and equal-compute accounting: the antithetic estimate is
// unbiased on a quadratic with the variance theory gives, its cosine to the true
// gradient follows sqrt(M / (M + d + 1)) for random directions, counters add up
// exactly, budgets stop every run at the same compute, and runs are reproducible.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "optim/perturbations.hpp"
#include "optim/registry.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

// f(p) = 1/2 sum a_i p_i^2 + b_i p_i, gradient a_i p_i + b_i.
struct Quadratic {
  std::vector<double> a, b;
  double operator()(const float* p) const {
    double f = 0;
    for (std::size_t i = 0; i < a.size(); ++i) f += 0.5 * a[i] * p[i] * p[i] + b[i] * p[i];
    return f;
  }
  std::vector<double> grad(const std::vector<float>& p) const {
    std::vector<double> g(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) g[i] = a[i] * p[i] + b[i];
    return g;
  }
};

Quadratic random_quadratic(std::size_t d, Rng& r) {
  Quadratic q;
  for (std::size_t i = 0; i < d; ++i) {
    q.a.push_back(r.uniform(0.5, 2.0));
    q.b.push_back(r.normal());
  }
  return q;
}

std::unique_ptr<Optimizer> make(const std::string& name, const Json& settings) {
  const OptimizerInfo* info = find_optimizer(name);
  REQUIRE(info);
  SpecObject run(settings, "run");
  const Hyperparams h = read_hyperparams(info->hyperparams, run);
  run.finish();
  return info->make(h);
}

// One ES estimate at p (p itself is restored afterwards).
std::vector<float> es_estimate(Optimizer& es, const Quadratic& q, std::vector<float> p, Rng& rng) {
  const Objective objective = [&](const float* x) { return q(x); };
  StepContext ctx;
  ctx.rng = &rng;
  ctx.objective = &objective;
  OptimizerState s = es.init(p.data(), p.size());
  es.update(p.data(), nullptr, p.size(), s, ctx);
  return *es.gradient_estimate(s);
}

Json es_spec() {
  return Json::parse(R"({
    "seed": 3,
    "problem": {"kind": "inline", "task": "classification",
                "x": [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5], [-1.0, 0.3], [0.2, -0.7], [1.5, 0.1]],
                "y": [0, 1, 2, 1, 0, 2]},
    "model": {"kind": "mlp", "sizes": [2, 5, 3], "activation": "tanh"},
    "loss": "cross_entropy", "batch_size": 2, "steps": 12,
    "runs": [{"optimizer": "sgd", "lr": 0.1},
             {"optimizer": "es", "directions": 5, "sigma": 0.05, "label": "es5"},
             {"optimizer": "random_search", "sigma": 0.05},
             {"optimizer": "weighted_perturbation", "lr": 0.1, "sigma": 0.05}]})");
}

}  // namespace

TEST_CASE("es: the antithetic estimate is unbiased on a quadratic, with the variance theory predicts") {
  // On a quadratic (L(p + s e) - L(p - s e)) / 2s = g.e exactly, so the estimate is
  // (1/M) sum (g.e_k) e_k: mean g, per-coordinate variance (|g|^2 + g_j^2) / M.
  Rng r(11);
  const std::size_t d = 12;
  const Quadratic q = random_quadratic(d, r);
  std::vector<float> p(d);
  for (auto& x : p) x = static_cast<float>(r.normal());
  const std::vector<double> g = q.grad(p);
  double g2 = 0;
  for (double v : g) g2 += v * v;

  const int m = 4, trials = 4000;
  auto es = make("es", {{"directions", m}, {"sigma", 0.1}});
  std::vector<double> mean(d, 0.0);
  for (int t = 0; t < trials; ++t) {
    const std::vector<float> est = es_estimate(*es, q, p, r);
    for (std::size_t j = 0; j < d; ++j) mean[j] += est[j] / trials;
  }
  for (std::size_t j = 0; j < d; ++j) {
    const double sd = std::sqrt((g2 + g[j] * g[j]) / (static_cast<double>(m) * trials));
    CHECK(std::abs(mean[j] - g[j]) < 4.5 * sd);
  }
}

TEST_CASE("es: cosine to the true gradient follows sqrt(M / (M + d + 1)) for random directions") {
  Rng r(5);
  for (const auto& dm : std::vector<std::pair<int, int>>{{50, 1}, {50, 10}, {50, 100}, {400, 10}, {400, 200}}) {
    const int d = dm.first, m = dm.second;  // (clang 14 cannot capture structured bindings in INFO)
    const Quadratic q = random_quadratic(d, r);
    std::vector<float> p(d);
    for (auto& x : p) x = static_cast<float>(r.normal());
    const std::vector<double> g = q.grad(p);
    auto es = make("es", {{"directions", m}, {"sigma", 1e-3}});
    const int trials = 2000 / m + 40;  // small M scatters most: cos^2 is then Beta-distributed
    double cos2 = 0;
    for (int t = 0; t < trials; ++t) {
      const std::vector<float> est = es_estimate(*es, q, p, r);
      double dot = 0, ee = 0, gg = 0;
      for (int j = 0; j < d; ++j) dot += est[j] * g[j], ee += double(est[j]) * est[j], gg += g[j] * g[j];
      cos2 += dot * dot / (ee * gg) / trials;
    }
    const double theory = static_cast<double>(m) / (m + d + 1);
    INFO("d = " << d << ", M = " << m << ": mean cos^2 " << cos2 << ", theory " << theory);
    CHECK(cos2 == doctest::Approx(theory).epsilon(0.15));
  }
}

TEST_CASE("es: fitness shaping keeps a descent direction and makes the step scale-free") {
  Rng r(8);
  const Quadratic q = random_quadratic(20, r);
  std::vector<float> p(20);
  for (auto& x : p) x = static_cast<float>(r.normal());
  const std::vector<double> g = q.grad(p);
  for (const char* shaping : {"rank", "zscore"}) {
    auto es = make("es", {{"directions", 200}, {"sigma", 0.01}, {"shaping", shaping}});
    Rng a(1), b(1);
    Quadratic scaled = q;
    for (auto& v : scaled.a) v *= 1000;
    for (auto& v : scaled.b) v *= 1000;
    const std::vector<float> e1 = es_estimate(*es, q, p, a), e2 = es_estimate(*es, scaled, p, b);
    double dot = 0;
    for (std::size_t j = 0; j < g.size(); ++j) dot += e1[j] * g[j];
    CHECK(dot > 0);
    for (std::size_t j = 0; j < g.size(); ++j) CHECK(e2[j] == doctest::Approx(e1[j]).epsilon(1e-3));
  }
}

TEST_CASE("perturbations: directions are regenerated identically from their seed, chunk by chunk") {
  std::vector<float> all(5 * 7), one(7);
  fill_directions(99, 0, 5, 7, all.data());
  fill_directions(99, 3, 1, 7, one.data());
  for (int i = 0; i < 7; ++i) CHECK(one[i] == all[3 * 7 + i]);
  // The estimate does not depend on whether directions fit in one chunk.
  std::vector<float> buffer;
  std::vector<double> w = {0.5, -1.0, 2.0, 0.25, 1.0, -0.5, 0.1, 0.2, 0.3, -0.4};
  std::vector<float> out(7), dirs(w.size() * 7);
  combine_directions(42, w, 7, buffer, out.data());
  fill_directions(42, 0, static_cast<int>(w.size()), 7, dirs.data());
  for (int i = 0; i < 7; ++i) {
    double want = 0;
    for (std::size_t k = 0; k < w.size(); ++k) want += w[k] * dirs[k * 7 + i];
    CHECK(out[i] == doctest::Approx(want).epsilon(1e-6));
  }
}

TEST_CASE("accounting: forward and backward passes per example add up exactly") {
  Experiment e(es_spec());
  e.run_to_end();
  const OrderedJson r = e.result();
  const int64_t steps = 12, batch = 2;
  const auto& runs = r["runs"];
  auto last = [](const OrderedJson& a) { return a.back().get<int64_t>(); };
  // sgd: one forward and one backward pass per example per step.
  CHECK(last(runs[0]["forward_passes"]) == steps * batch);
  CHECK(last(runs[0]["backward_passes"]) == steps * batch);
  CHECK(last(runs[0]["fpe"]) == steps * batch * 3);
  // es: 2M evaluations per step, no backward pass (the cosine diagnostic is not counted).
  CHECK(last(runs[1]["forward_passes"]) == steps * batch * 2 * 5);
  CHECK(last(runs[1]["backward_passes"]) == 0);
  // random search: the current point and one candidate; weighted perturbation: one point.
  CHECK(last(runs[2]["forward_passes"]) == steps * batch * 2);
  CHECK(last(runs[3]["forward_passes"]) == steps * batch);
  for (const auto& run : runs) {
    CHECK(last(run["examples"]) == steps * batch);
    CHECK(run["wall_time"].size() == run["step"].size());
    CHECK(run["internals"]["grad_norm"].size() == run["step"].size());
  }
  CHECK(!runs[0].contains("cosine"));
  CHECK(runs[1]["cosine"].size() == runs[1]["step"].size());
  CHECK(std::isnan(runs[1]["cosine"][0].get<double>()));  // no step yet: null in JSON
  for (std::size_t k = 1; k < runs[1]["cosine"].size(); ++k) {
    const double c = runs[1]["cosine"][k].get<double>();
    CHECK(c >= -1.0);
    CHECK(c <= 1.0);
  }
}

TEST_CASE("budget: every run stops at the same compute, at or just under the budget") {
  Json spec = es_spec();
  spec.erase("steps");
  spec["budget"] = 3000;
  Experiment e(spec);
  e.run_to_end();
  CHECK(e.finished());
  CHECK(e.progress() == 1.0);
  const OrderedJson result = e.result();
  for (const auto& run : result["runs"]) {
    INFO(run["label"]);
    const int64_t fpe = run["fpe"].back().get<int64_t>();
    const int64_t step_cost = fpe / run["step"].back().get<int64_t>();  // constant per step here
    CHECK(fpe <= 3000);
    CHECK(fpe + step_cost > 3000);
    CHECK(run["stopped_at"] == run["step"].back());
  }
}

TEST_CASE("zeroth-order runs: same seed, same curve; another seed, another curve") {
  Experiment a(es_spec()), b(es_spec());
  a.run_to_end();
  b.run_to_end();
  CHECK(reproducible_part(a.result()) == reproducible_part(b.result()));
  Json other = es_spec();
  other["seed"] = 4;
  Experiment c(other);
  c.run_to_end();
  CHECK(a.result()["runs"][1]["loss"] != c.result()["runs"][1]["loss"]);
}

TEST_CASE("zeroth-order runs: a run's noise does not depend on the other runs") {
  Json spec = es_spec(), alone = es_spec();
  alone["runs"] = Json::array({spec["runs"][0], spec["runs"][1]});
  Experiment a(spec), b(alone);
  a.run_to_end();
  b.run_to_end();
  CHECK(a.result()["runs"][1]["loss"] == b.result()["runs"][1]["loss"]);
}

TEST_CASE("es and budget specs: bad values get clear errors") {
  auto error_for = [](const std::function<void(Json&)>& edit) {
    Json spec = es_spec();
    edit(spec);
    return error_of([&] { Experiment e(spec); });
  };
  CHECK(error_for([](Json& s) { s["runs"][1]["shaping"] = "best"; }) ==
        "runs[1].shaping: must be one of \"none\", \"rank\", \"zscore\", got \"best\"");
  CHECK(error_for([](Json& s) { s["runs"][1]["directions"] = 0; }).rfind("runs[1].directions: ", 0) == 0);
  CHECK(error_for([](Json& s) { s["runs"][1]["sigma"] = -1; }).rfind("runs[1].sigma: ", 0) == 0);
  CHECK(error_for([](Json& s) { s["budget"] = -5; }).rfind("budget: ", 0) == 0);
  CHECK(error_for([](Json& s) { s.erase("steps"); }).rfind("steps: is required", 0) == 0);
  CHECK(error_for([](Json& s) { s["record_fpe"] = 10; s["record_every"] = 2; }).rfind("record_fpe: ", 0) == 0);
}

TEST_CASE("perturbed losses: the batched network evaluation agrees with evaluating each point") {
  for (const char* model : {R"({"kind": "mlp", "sizes": [2, 5, 3], "activation": "tanh"})",
                            R"({"kind": "mlp", "sizes": [2, 3], "activation": "tanh"})"}) {
    Json spec = es_spec();
    spec["model"] = Json::parse(model);
    Experiment e(spec);
    Problem& problem = e.problem();
    const std::size_t d = problem.dim();
    const int count = 3;
    std::vector<float> dirs(count * d);
    fill_directions(7, 0, count, d, dirs.data());
    const Batch batch = {0, 2, 5};
    std::vector<double> plus(count), minus(count), plus_ref(count), minus_ref(count);
    problem.perturbed_losses(e.initial_point().data(), batch, dirs.data(), count, 0.05f, plus.data(), minus.data());
    problem.Problem::perturbed_losses(e.initial_point().data(), batch, dirs.data(), count, 0.05f, plus_ref.data(),
                                      minus_ref.data());
    for (int k = 0; k < count; ++k) {
      CHECK(plus[k] == doctest::Approx(plus_ref[k]).epsilon(1e-5));
      CHECK(minus[k] == doctest::Approx(minus_ref[k]).epsilon(1e-5));
      CHECK(plus[k] != minus[k]);
    }
  }
}
