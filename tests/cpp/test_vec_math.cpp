// core/vec_math: the vectorised loops against the scalar functions they apply, bit for
// bit (array lengths that leave every remainder), and both against double-precision
// std::exp / std::log over the whole float range (exp within 1.5 ulp, log within 1),
// exact where the answer is exact, and IEEE's special values.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/rng.hpp"
#include "core/vec_math.hpp"
#include "nn/loss.hpp"

using namespace optzoo;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// |got - exact| in units of the float spacing at the exact value (the smallest
// subnormal spacing below the normal range).
double ulps(float got, double exact) {
  const double mag = std::fabs(exact);
  const double spacing = mag < std::numeric_limits<float>::min()
                             ? std::numeric_limits<float>::denorm_min()
                             : std::ldexp(1.0, std::ilogb(static_cast<float>(mag)) - 23);
  return std::fabs(static_cast<double>(got) - exact) / spacing;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Every n-th float between lo and hi (by bit pattern, so each binade is sampled alike).
std::vector<float> sweep(float lo, float hi, int count) {
  std::vector<float> xs;
  for (int i = 0; i <= count; ++i) xs.push_back(lo + (hi - lo) * static_cast<float>(i) / count);
  return xs;
}
std::vector<float> positive_sweep(int per_binade) {
  std::vector<float> xs;
  for (int e = -149; e < 128; ++e)
    for (int i = 0; i < per_binade; ++i)
      xs.push_back(std::ldexp(1.0f + static_cast<float>(i) / per_binade, e));
  return xs;
}

}  // namespace

namespace {
// The loop over xs against the scalar function (bits) and the exact value (ulps).
struct Accuracy {
  double worst_ulps = 0;
  float worst_x = 0;
  int mismatches = 0;
};
Accuracy measure(const std::vector<float>& xs, void (*inplace)(float*, std::size_t), float (*lanewise)(float),
                 double (*exact)(double)) {
  std::vector<float> got = xs;
  inplace(got.data(), got.size());
  Accuracy a;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double want = exact(static_cast<double>(xs[i]));
    const double err = want > std::numeric_limits<float>::max() ? (got[i] == kInf ? 0 : 1e9) : ulps(got[i], want);
    if (err > a.worst_ulps) a.worst_ulps = err, a.worst_x = xs[i];
    a.mismatches += !same_bits(got[i], lanewise(xs[i]));
  }
  return a;
}
double exact_exp(double x) { return std::exp(x); }
double exact_log(double x) { return std::log(x); }
}  // namespace

TEST_CASE("vec_math: exp is within 1.5 ulp of the exact value from underflow to overflow") {
  std::vector<float> xs = sweep(-104.0f, 89.0f, 400000);
  for (float x : sweep(-0.4f, 0.4f, 20000)) xs.push_back(x);  // around the reduction's boundaries
  const Accuracy a = measure(xs, exp_inplace, exp_lanewise, exact_exp);
  INFO("worst " << a.worst_ulps << " ulp at x = " << a.worst_x);
  CHECK(a.worst_ulps <= 1.5);
  CHECK(a.mismatches == 0);
}

TEST_CASE("vec_math: log is within 1 ulp of the exact value on every binade, subnormals included") {
  const Accuracy a = measure(positive_sweep(2000), log_inplace, log_lanewise, exact_log);
  INFO("worst " << a.worst_ulps << " ulp at x = " << a.worst_x);
  CHECK(a.worst_ulps <= 1.0);
  CHECK(a.mismatches == 0);
}

TEST_CASE("vec_math: exact answers and IEEE special values") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK(exp_lanewise(0.0f) == 1.0f);
  CHECK(exp_lanewise(-0.0f) == 1.0f);
  CHECK(exp_lanewise(-kInf) == 0.0f);
  CHECK(exp_lanewise(kInf) == kInf);
  CHECK(exp_lanewise(88.8f) == kInf);     // past the largest float
  CHECK(exp_lanewise(-104.0f) == 0.0f);   // below half the smallest subnormal
  CHECK(exp_lanewise(-103.5f) > 0.0f);    // the smallest subnormal, not flushed
  CHECK(std::isnan(exp_lanewise(nan)));
  CHECK(log_lanewise(1.0f) == 0.0f);
  CHECK(log_lanewise(0.0f) == -kInf);
  CHECK(log_lanewise(-0.0f) == -kInf);
  CHECK(log_lanewise(kInf) == kInf);
  CHECK(std::isnan(log_lanewise(-1.0f)));
  CHECK(std::isnan(log_lanewise(-kInf)));
  CHECK(std::isnan(log_lanewise(nan)));
  // The loops give the same special values in every lane position.
  const float specials[] = {0.0f, -kInf, kInf, nan, 1.0f, -1.0f, 88.8f, -104.0f, 1e-45f};
  for (std::size_t n = 1; n <= 2 * std::size(specials) + 3; ++n) {
    std::vector<float> e(n), l(n);
    for (std::size_t i = 0; i < n; ++i) e[i] = l[i] = specials[(i * 5 + n) % std::size(specials)];
    const std::vector<float> x = e;
    exp_inplace(e.data(), n);
    log_inplace(l.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      INFO("n=" << n << " i=" << i << " x=" << x[i]);
      CHECK(same_bits(e[i], exp_lanewise(x[i])));
      CHECK(same_bits(l[i], log_lanewise(x[i])));
    }
  }
}

// The gradient entries (p - [j == y]) / n lose relative precision to cancellation when p
// is near 1 whatever exp does, so they are compared on the scale of 1/n.
TEST_CASE("cross-entropy in float: close to double, with or without the gradient") {
  Rng r(21);
  for (int n : {1, 3, 4, 9, 32})
    for (int c : {1, 2, 3, 5, 10}) {
      Tensor<float> zf;
      Tensor<double> zd;
      zf.resize(n, c);
      zd.resize(n, c);
      std::vector<int32_t> labels(n);
      const double scale = n % 2 ? 3.0 : 60.0;  // saturated softmax rows too
      for (int i = 0; i < n; ++i) {
        labels[i] = static_cast<int32_t>(r.below(c));
        for (int j = 0; j < c; ++j) zd.row(i)[j] = zf.row(i)[j] = static_cast<float>(scale * r.normal());
      }
      TargetView t;
      t.labels = labels.data();
      Tensor<float> gf;
      Tensor<double> gd;
      const double lf = loss_and_output_grad(LossKind::CrossEntropy, zf, t, &gf);
      const double ld = loss_and_output_grad(LossKind::CrossEntropy, zd, t, &gd);
      INFO("n=" << n << " c=" << c);
      CHECK(loss_and_output_grad(LossKind::CrossEntropy, zf, t, static_cast<Tensor<float>*>(nullptr)) == lf);
      CHECK(lf == doctest::Approx(ld).epsilon(1e-6).scale(1e-6));
      for (std::size_t k = 0; k < gf.data.size(); ++k) CHECK(gf.data[k] == doctest::Approx(gd.data[k]).epsilon(1e-6).scale(1.0 / n));
    }
}
