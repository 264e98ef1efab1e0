// Facts from the lectures, as tests.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "optim_harness.hpp"
#include "test_support.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {
// Feeds a fixed gradient sequence to one weight; returns its displacement.
double displacement(Optimizer& opt, OptimizerState& s, float& w, const std::vector<float>& grads) {
  const float before = w;
  StepContext ctx;
  for (float g : grads) opt.update(&w, &g, 1, s, ctx);
  return static_cast<double>(w) - before;
}
}  // namespace

TEST_CASE("lecture (Bernstein): ten gradients of +0.1 then one of -1.0: Rprop moves a lot, RMSprop hardly at all") {
  // The gradients average to zero, so the weight should stay put. The comparison is
  // made once RMSprop's running RMS has settled (after 30 such cycles), as in the
  // lecture's picture of a calibrated RMS; then the weight's net motion over one cycle
  // is measured.
  std::vector<float> cycle(10, 0.1f);
  cycle.push_back(-1.0f);
  const OptimizerInfo& rprop = *find_optimizer("rprop");
  const OptimizerInfo& rmsprop = *find_optimizer("rmsprop");
  auto rp = rprop.make(hyper(rprop, {{"lr", 0.01}}));
  auto rm = rmsprop.make(hyper(rmsprop, {{"lr", 0.01}}));
  float w_rp = 0, w_rm = 0;
  OptimizerState s_rp = rp->init(&w_rp, 1), s_rm = rm->init(&w_rm, 1);
  for (int k = 0; k < 30; ++k) displacement(*rp, s_rp, w_rp, cycle), displacement(*rm, s_rm, w_rm, cycle);
  const double d_rp = displacement(*rp, s_rp, w_rp, cycle), d_rm = displacement(*rm, s_rm, w_rm, cycle);
  INFO("Rprop moved " << d_rp << ", RMSprop moved " << d_rm << " over one cycle");
  CHECK(std::abs(d_rp) > 10 * 0.01);             // more than ten initial step sizes
  CHECK(std::abs(d_rm) < 0.05 * std::abs(d_rp));  // a small fraction of Rprop's motion
  // Rprop follows the ten small gradients' sign: downhill for +0.1, i.e. negative.
  CHECK(d_rp < 0);
}

TEST_CASE("lecture (Tanner; Loshchilov & Hutter): Adam with L2 differs from AdamW once weight decay is non-zero") {
  const OptimizerInfo& adam = *find_optimizer("adam");
  const OptimizerInfo& adamw = *find_optimizer("adamw");
  const TestObjective obj = quadratic();
  for (double wd : {0.0, 0.1}) {
    Stepper a(adam, hyper(adam, {{"lr", 0.01}, {"weight_decay", wd}}), obj);
    Stepper b(adamw, hyper(adamw, {{"lr", 0.01}, {"weight_decay", wd}}), obj);
    for (int k = 0; k < 20; ++k) a.step(), b.step();
    INFO("weight_decay " << wd);
    if (wd == 0.0) {
      CHECK(std::memcmp(a.params.data(), b.params.data(), a.params.size() * sizeof(float)) == 0);
    } else {
      double diff = 0;
      for (std::size_t i = 0; i < a.params.size(); ++i) diff = std::max(diff, std::abs(double(a.params[i]) - b.params[i]));
      CHECK(diff > 1e-3);
    }
  }
  // Why: with L2 the decay passes through Adam's normalisation, so a weight with a
  // large gradient history is barely decayed; AdamW shrinks every weight by lr*wd.
  // With zero gradient and v = 0, Adam+L2 moves p by about lr (normalised), AdamW by lr*wd*p.
  float p1 = 1.0f, p2 = 1.0f, zero = 0.0f;
  auto o1 = adam.make(hyper(adam, {{"lr", 0.01}, {"weight_decay", 0.1}}));
  auto o2 = adamw.make(hyper(adamw, {{"lr", 0.01}, {"weight_decay", 0.1}}));
  OptimizerState s1 = o1->init(&p1, 1), s2 = o2->init(&p2, 1);
  StepContext ctx;
  o1->update(&p1, &zero, 1, s1, ctx);
  o2->update(&p2, &zero, 1, s2, ctx);
  CHECK(1.0f - p1 == doctest::Approx(0.01).epsilon(1e-4));
  CHECK(1.0f - p2 == doctest::Approx(0.001).epsilon(1e-4));
}

TEST_CASE("lecture (Tanner; Ward et al.): AdaGrad-Norm converges on a quadratic for b0 across four orders of magnitude") {
  const OptimizerInfo& info = *find_optimizer("adagrad_norm");
  const TestObjective obj = quadratic();
  const double start = obj.loss(obj.start.data());
  for (double b0 : {0.01, 0.1, 1.0, 10.0, 100.0}) {
    Stepper s(info, hyper(info, {{"b0", b0}}), obj);
    for (int k = 0; k < 2000; ++k) s.step();
    INFO("b0 = " << b0 << ": " << start << " -> " << s.loss());
    CHECK(s.loss() < 0.01 * start);
  }
}
