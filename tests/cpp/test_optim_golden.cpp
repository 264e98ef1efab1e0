// Golden values for the optimizers PyTorch does not have: a few steps on a tiny
// structured problem (a 2x3 weight matrix and a bias of 2) against references
// written out here from each paper's equations, in double with plain loops. They
// share nothing with the implementations but the equations. (The PyTorch-parity
// optimizers are checked against PyTorch itself in test_experiment.cpp.)
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "optim_harness.hpp"
#include "test_support.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

using Vec = std::vector<double>;
const int kN = 8;
const double kA[kN] = {1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5};
const double kC[kN] = {-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4};
const double kSpread = 0.2;  // the two examples' centres are c - 0.2 and c + 0.2

// Two examples: 0.5 sum a (x - c -+ 0.2)^2; the mean gradient is a (x - c).
TestObjective tiny(std::vector<float> start = {0.5f, -0.3f, 0.8f, -0.6f, 0.2f, 0.4f, 0.1f, -0.2f}) {
  TestObjective o;
  o.name = "tiny";
  o.layout.add("layer0.weight", 2, 3, ParamRole::Weight);
  o.layout.add("layer0.bias", 2, 1, ParamRole::Bias);
  o.start = std::move(start);
  o.examples = 2;
  o.eval = [](const float* x, int e, float* g) {
    double loss = 0;
    for (int i = 0; i < kN; ++i) {
      double gi = 0;
      for (int b = 0; b < 2; ++b) {
        if (e >= 0 && b != e) continue;
        const double w = e >= 0 ? 1.0 : 0.5, d = x[i] - kC[i] + (b == 0 ? kSpread : -kSpread);
        loss += w * 0.5 * kA[i] * d * d;
        gi += w * kA[i] * d;
      }
      g[i] = static_cast<float>(gi);
    }
    return loss;
  };
  return o;
}

Vec grad(const Vec& x) {
  Vec g(kN);
  for (int i = 0; i < kN; ++i) g[i] = kA[i] * (x[i] - kC[i]);
  return g;
}
Vec grad_sq_mean(const Vec& x) {  // E_b[g_b^2]
  Vec s(kN);
  for (int i = 0; i < kN; ++i) {
    const double lo = kA[i] * (x[i] - kC[i] + kSpread), hi = kA[i] * (x[i] - kC[i] - kSpread);
    s[i] = 0.5 * (lo * lo + hi * hi);
  }
  return s;
}
double sgn(double v) { return (v > 0) - (v < 0); }
// The two groups of the tiny layout.
const int kGroups[2][2] = {{0, 6}, {6, 8}};
double gnorm(const Vec& v, int a, int b) {
  double s = 0;
  for (int i = a; i < b; ++i) s += v[i] * v[i];
  return std::sqrt(s);
}

void check_against(const char* name, const Json& settings, const std::function<void(Vec&)>& reference_steps, int steps,
                   const TestObjective& obj = tiny(), double tol = 2e-5) {
  const OptimizerInfo* info = find_optimizer(name);
  REQUIRE(info);
  Stepper s(*info, hyper(*info, settings), obj, 11);
  for (int k = 0; k < steps; ++k) s.step();
  Vec x(obj.start.begin(), obj.start.end());
  reference_steps(x);
  for (int i = 0; i < kN; ++i) {
    INFO(name << " " << settings.dump() << " parameter " << i << ": got " << s.params[i] << ", reference " << x[i]);
    CHECK(std::abs(s.params[i] - x[i]) <= tol * std::max(1.0, std::abs(x[i])));
  }
}

}  // namespace

TEST_CASE("golden: polyak heavy ball and Nesterov look-ahead, 3 steps") {
  check_against("polyak", {{"lr", 0.1}, {"beta", 0.9}}, [](Vec& x) {
    Vec prev = x;
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      Vec next(kN);
      for (int i = 0; i < kN; ++i) next[i] = x[i] + 0.9 * (x[i] - prev[i]) - 0.1 * g[i];
      prev = x, x = next;
    }
  }, 3);
  check_against("nesterov_lookahead", {{"lr", 0.1}, {"beta", 0.9}}, [](Vec& x) {
    Vec prev = x;
    for (int t = 0; t < 3; ++t) {
      Vec ahead(kN);
      for (int i = 0; i < kN; ++i) ahead[i] = x[i] + 0.9 * (x[i] - prev[i]);
      const Vec g = grad(ahead);
      prev = x;
      for (int i = 0; i < kN; ++i) x[i] = ahead[i] - 0.1 * g[i];
    }
  }, 3);
}

TEST_CASE("golden: signSGD, Signum and Lion, 3 steps") {
  check_against("sign_sgd", {{"lr", 0.1}}, [](Vec& x) {
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (int i = 0; i < kN; ++i) x[i] -= 0.1 * sgn(g[i]);
    }
  }, 3);
  check_against("signum", {{"lr", 0.1}, {"momentum", 0.8}}, [](Vec& x) {
    Vec m(kN, 0.0);
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (int i = 0; i < kN; ++i) m[i] = 0.8 * m[i] + 0.2 * g[i], x[i] -= 0.1 * sgn(m[i]);
    }
  }, 3);
  check_against("lion", {{"lr", 0.1}, {"betas", {0.9, 0.99}}, {"weight_decay", 0.5}}, [](Vec& x) {
    Vec m(kN, 0.0);
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (int i = 0; i < kN; ++i) {
        const double c = 0.9 * m[i] + 0.1 * g[i];
        x[i] -= 0.1 * (sgn(c) + 0.5 * x[i]);
        m[i] = 0.99 * m[i] + 0.01 * g[i];
      }
    }
  }, 3);
}

TEST_CASE("golden: AdaGrad-Norm, overall and per layer, 3 steps") {
  for (bool per_layer : {false, true}) {
    check_against("adagrad_norm", {{"lr", 0.5}, {"b0", 0.3}, {"per_layer", per_layer}}, [per_layer](Vec& x) {
      double b2[2] = {0.09, 0.09};
      for (int t = 0; t < 3; ++t) {
        const Vec g = grad(x);
        if (!per_layer) {
          b2[0] += gnorm(g, 0, kN) * gnorm(g, 0, kN);
          for (int i = 0; i < kN; ++i) x[i] -= 0.5 / std::sqrt(b2[0]) * g[i];
          continue;
        }
        for (int k = 0; k < 2; ++k) {
          const double nn = gnorm(g, kGroups[k][0], kGroups[k][1]);
          b2[k] += nn * nn;
          for (int i = kGroups[k][0]; i < kGroups[k][1]; ++i) x[i] -= 0.5 / std::sqrt(b2[k]) * g[i];
        }
      }
    }, 3);
  }
}

TEST_CASE("golden: Adam with min(t, N) averages, AdaBelief, LAMB; 4 steps") {
  check_against("adam_min_t", {{"lr", 0.05}, {"n_g", 2}, {"n_s", 3}, {"eps", 1e-4}}, [](Vec& x) {
    Vec mu(kN, 0.0), s(kN, 0.0);
    for (int t = 1; t <= 4; ++t) {
      const Vec g = grad(x);
      const double rg = 1.0 / std::min(t, 2), rs = 1.0 / std::min(t, 3);
      for (int i = 0; i < kN; ++i) {
        mu[i] = (1 - rg) * mu[i] + rg * g[i];
        s[i] = (1 - rs) * s[i] + rs * g[i] * g[i];
        x[i] -= 0.05 * mu[i] / std::sqrt(s[i] + 1e-4);
      }
    }
  }, 4);
  check_against("adabelief", {{"lr", 0.05}, {"betas", {0.8, 0.9}}, {"eps", 1e-3}, {"weight_decay", 0.2}}, [](Vec& x) {
    Vec m(kN, 0.0), s(kN, 0.0);
    for (int t = 1; t <= 4; ++t) {
      const Vec g = grad(x);
      for (int i = 0; i < kN; ++i) {
        x[i] *= 1 - 0.05 * 0.2;
        m[i] = 0.8 * m[i] + 0.2 * g[i];
        s[i] = 0.9 * s[i] + 0.1 * (g[i] - m[i]) * (g[i] - m[i]) + 1e-3;
        x[i] -= 0.05 * (m[i] / (1 - std::pow(0.8, t))) / (std::sqrt(s[i] / (1 - std::pow(0.9, t))) + 1e-3);
      }
    }
  }, 4);
  check_against("lamb", {{"lr", 0.05}, {"betas", {0.8, 0.9}}, {"eps", 1e-3}, {"weight_decay", 0.1}}, [](Vec& x) {
    Vec m(kN, 0.0), v(kN, 0.0);
    for (int t = 1; t <= 4; ++t) {
      const Vec g = grad(x);
      Vec r(kN);
      for (int i = 0; i < kN; ++i) {
        m[i] = 0.8 * m[i] + 0.2 * g[i];
        v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
        r[i] = (m[i] / (1 - std::pow(0.8, t))) / (std::sqrt(v[i] / (1 - std::pow(0.9, t))) + 1e-3) + 0.1 * x[i];
      }
      for (const auto& grp : kGroups) {
        const double ratio = gnorm(x, grp[0], grp[1]) / gnorm(r, grp[0], grp[1]);
        for (int i = grp[0]; i < grp[1]; ++i) x[i] -= 0.05 * ratio * r[i];
      }
    }
  }, 4);
}

TEST_CASE("golden: LARS (bias not adapted) and Fromage, 3 steps") {
  check_against("lars", {{"lr", 0.5}, {"momentum", 0.9}, {"weight_decay", 0.1}, {"trust_coefficient", 0.02}}, [](Vec& x) {
    Vec v(kN, 0.0);
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      const double wn = gnorm(x, 0, 6), local = 0.02 * wn / (gnorm(g, 0, 6) + 0.1 * wn);
      for (int i = 0; i < kN; ++i) {
        const bool weight = i < 6;
        v[i] = 0.9 * v[i] + 0.5 * (weight ? local : 1.0) * (g[i] + (weight ? 0.1 * x[i] : 0.0));
        x[i] -= v[i];
      }
    }
  }, 3);
  check_against("fromage", {{"lr", 0.1}}, [](Vec& x) {
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (const auto& grp : kGroups) {
        const double ratio = gnorm(x, grp[0], grp[1]) / gnorm(g, grp[0], grp[1]);
        for (int i = grp[0]; i < grp[1]; ++i) x[i] = (x[i] - 0.1 * ratio * g[i]) / std::sqrt(1.01);
      }
    }
  }, 3);
}

TEST_CASE("golden: Adafactor, factored matrix and unfactored bias, with momentum and clipping, 3 steps") {
  for (double clip : {1.0, 0.5})
    check_against("adafactor", {{"lr", 0.05}, {"beta1", 0.5}, {"clip_threshold", clip}}, [clip](Vec& x) {
      double R[2] = {0, 0}, C[3] = {0, 0, 0}, V[2] = {0, 0};
      Vec m(kN, 0.0);
      for (int t = 1; t <= 3; ++t) {
        const Vec g = grad(x);
        const double b2 = 1 - std::pow(t, -0.8), rho = std::min(0.05, 1 / std::sqrt(t));
        Vec u(kN);
        for (int r = 0; r < 2; ++r) {
          double mean = 0;
          for (int c = 0; c < 3; ++c) mean += (g[r * 3 + c] * g[r * 3 + c] + 1e-30) / 3;
          R[r] = b2 * R[r] + (1 - b2) * mean;
        }
        for (int c = 0; c < 3; ++c) {
          double mean = 0;
          for (int r = 0; r < 2; ++r) mean += (g[r * 3 + c] * g[r * 3 + c] + 1e-30) / 2;
          C[c] = b2 * C[c] + (1 - b2) * mean;
        }
        const double mean_r = (R[0] + R[1]) / 2;
        for (int r = 0; r < 2; ++r)
          for (int c = 0; c < 3; ++c) u[r * 3 + c] = g[r * 3 + c] / std::sqrt(R[r] * C[c] / mean_r);
        for (int i = 6; i < 8; ++i) {
          V[i - 6] = b2 * V[i - 6] + (1 - b2) * (g[i] * g[i] + 1e-30);
          u[i] = g[i] / std::sqrt(V[i - 6]);
        }
        for (const auto& grp : kGroups) {
          const double size = grp[1] - grp[0];
          const double rms_u = gnorm(u, grp[0], grp[1]) / std::sqrt(size);
          const double alpha = std::max(1e-3, gnorm(x, grp[0], grp[1]) / std::sqrt(size)) * rho;
          for (int i = grp[0]; i < grp[1]; ++i) {
            m[i] = 0.5 * m[i] + 0.5 * u[i] / std::max(1.0, rms_u / clip);
            x[i] -= alpha * m[i];
          }
        }
      }
    }, 3);
}

TEST_CASE("golden: Nero per neuron with constraints, and without; 3 steps") {
  for (bool constraints : {true, false})
    check_against("nero", {{"lr", 0.1}, {"beta", 0.9}, {"constraints", constraints}}, [constraints](Vec& x) {
      // The first gradient is taken at the starting point, before the projection.
      Vec g = grad(x);
      auto project = [&](int row) {
        double mean = 0;
        for (int c = 0; c < 3; ++c) mean += x[row * 3 + c] / 3;
        for (int c = 0; c < 3; ++c) x[row * 3 + c] -= mean;
        const double nn = gnorm(x, row * 3, row * 3 + 3);
        for (int c = 0; c < 3; ++c) x[row * 3 + c] /= nn;
      };
      if (constraints) project(0), project(1);
      const double scale_w = (gnorm(x, 0, 3) + gnorm(x, 3, 6)) / 2, scale_b = (std::abs(x[6]) + std::abs(x[7])) / 2;
      double avg_row[2] = {0, 0}, avg_b[2] = {0, 0};
      for (int t = 1; t <= 3; ++t) {
        if (t > 1) g = grad(x);
        const double bc = 1 - std::pow(0.9, t);
        for (int row = 0; row < 2; ++row) {
          const double nn = gnorm(g, row * 3, row * 3 + 3);
          avg_row[row] = 0.9 * avg_row[row] + 0.1 * nn * nn;
          for (int c = 0; c < 3; ++c) x[row * 3 + c] -= 0.1 * scale_w * g[row * 3 + c] / std::sqrt(avg_row[row] / bc);
          if (constraints) project(row);
        }
        for (int i = 6; i < 8; ++i) {
          avg_b[i - 6] = 0.9 * avg_b[i - 6] + 0.1 * g[i] * g[i];
          x[i] -= 0.1 * scale_b * g[i] / std::sqrt(avg_b[i - 6] / bc);
        }
      }
    }, 3);
}

TEST_CASE("golden: Madam multiplicative updates with both clamps active, 3 steps") {
  check_against("madam", {{"lr", 0.2}, {"p_scale", 1.2}, {"g_bound", 0.8}, {"beta", 0.9}}, [](Vec& x) {
    double bound[2];
    for (int k = 0; k < 2; ++k) bound[k] = 1.2 * gnorm(x, kGroups[k][0], kGroups[k][1]) / std::sqrt(kGroups[k][1] - kGroups[k][0]);
    Vec v(kN, 0.0);
    for (int t = 1; t <= 3; ++t) {
      const Vec g = grad(x);
      for (int i = 0; i < kN; ++i) {
        const double hi = bound[i < 6 ? 0 : 1];
        v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
        const double gh = std::clamp(g[i] / std::sqrt(v[i] / (1 - std::pow(0.9, t))), -0.8, 0.8);
        x[i] = std::clamp(x[i] * std::exp(-0.2 * gh * sgn(x[i])), -hi, hi);
      }
    }
  }, 3);
}

TEST_CASE("golden: SGLD is SGD plus sqrt(2 lr T) standard normals from the run's generator") {
  check_against("sgld", {{"lr", 0.1}, {"temperature", 0.0}}, [](Vec& x) {
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (int i = 0; i < kN; ++i) x[i] -= 0.1 * g[i];
    }
  }, 3);
  check_against("sgld", {{"lr", 0.1}, {"temperature", 0.05}}, [](Vec& x) {
    Rng rng(11);  // the Stepper's generator
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (int i = 0; i < kN; ++i) x[i] += -0.1 * g[i] + std::sqrt(2 * 0.1 * 0.05) * rng.normal();
    }
  }, 3);
}

TEST_CASE("golden: McAllester's adaptive batch size and learning rate, warm-up K = 2, 5 steps") {
  check_against("mcallester_adaptive", {{"k", 2}, {"lambda_b", 16}, {"eps", 1e-8}, {"lambda_eta", 0.3}}, [](Vec& x) {
    const double K = 2, B = 2;
    Vec gm(kN, 0.0), sq(kN, 0.0);
    auto bstar = [&](int i, int t) {
      if (t <= K) return K;
      return 16 * std::max(sq[i] - gm[i] * gm[i], 0.0) / (gm[i] * gm[i] + 1e-8);
    };
    for (int t = 1; t <= 5; ++t) {
      const Vec g = grad(x), s2 = grad_sq_mean(x);
      for (int i = 0; i < kN; ++i) {
        const double r = std::min(1.0, B / bstar(i, t - 1));
        gm[i] = (1 - r) * gm[i] + r * g[i];
        sq[i] = (1 - r) * sq[i] + r * s2[i];
        if (t > K) x[i] -= 0.3 * std::min(1.0, B / bstar(i, t)) * g[i];
      }
    }
  }, 5, tiny(), 1e-4);
}

TEST_CASE("golden: exponentiated gradient, signed (EG+-) and on the simplex, 3 steps") {
  check_against("mirror_descent", {{"lr", 0.3}, {"signed", true}}, [](Vec& x) {
    double mean_abs = 0;
    for (double v : x) mean_abs += std::abs(v) / kN;
    const double delta = 1e-3 * mean_abs;
    Vec wp(kN), wm(kN);
    for (int i = 0; i < kN; ++i) wp[i] = std::max(x[i], 0.0) + delta, wm[i] = std::max(-x[i], 0.0) + delta;
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (const auto& grp : kGroups) {
        double mass = 0, z = 0;
        for (int i = grp[0]; i < grp[1]; ++i) mass += wp[i] + wm[i], z += wp[i] * std::exp(-0.3 * g[i]) + wm[i] * std::exp(0.3 * g[i]);
        for (int i = grp[0]; i < grp[1]; ++i) {
          wp[i] = mass * wp[i] * std::exp(-0.3 * g[i]) / z;
          wm[i] = mass * wm[i] * std::exp(0.3 * g[i]) / z;
          x[i] = wp[i] - wm[i];
        }
      }
    }
  }, 3);
  const TestObjective positive = tiny({0.5f, 0.3f, 0.8f, 0.6f, 0.2f, 0.4f, 0.1f, 0.2f});
  check_against("mirror_descent", {{"lr", 0.3}, {"signed", false}}, [](Vec& x) {
    for (int t = 0; t < 3; ++t) {
      const Vec g = grad(x);
      for (const auto& grp : kGroups) {
        double mass = 0, z = 0;
        for (int i = grp[0]; i < grp[1]; ++i) mass += x[i], z += x[i] * std::exp(-0.3 * g[i]);
        for (int i = grp[0]; i < grp[1]; ++i) x[i] = mass * x[i] * std::exp(-0.3 * g[i]) / z;
      }
    }
  }, 3, positive);
}

TEST_CASE("golden: Lookahead around torch-style SGD momentum, k = 2, 5 steps") {
  check_against("lookahead", Json::parse(R"({"k": 2, "alpha": 0.5, "inner": {"optimizer": "sgd", "lr": 0.1, "momentum": 0.5}})"),
                [](Vec& x) {
                  Vec slow = x, buf(kN, 0.0);
                  for (int t = 1; t <= 5; ++t) {
                    const Vec g = grad(x);
                    for (int i = 0; i < kN; ++i) buf[i] = t == 1 ? g[i] : 0.5 * buf[i] + g[i], x[i] -= 0.1 * buf[i];
                    if (t % 2 == 0)
                      for (int i = 0; i < kN; ++i) slow[i] += 0.5 * (x[i] - slow[i]), x[i] = slow[i];
                  }
                },
                5);
}
