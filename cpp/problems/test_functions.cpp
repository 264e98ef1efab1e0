// The classic 2-D landscapes and Rastrigin, plus the registry of every test function.
#include <nlohmann/json.hpp>

#include "problems/test_function.hpp"

#include <cmath>

namespace optzoo {
namespace {

// A fixed 2-D function given by its value-and-gradient formula.
using Formula = double (*)(double x, double y, double* g);

class Plain2D : public TestFunction {
 public:
  Plain2D(Formula f, std::vector<std::vector<double>> minima, std::vector<double> start, std::array<double, 4> bounds)
      : f_(f), minima_(std::move(minima)), start_(std::move(start)), bounds_(bounds) {}
  int dim() const override { return 2; }
  double eval(const double* x, const Batch&, double* g) const override { return f_(x[0], x[1], g); }
  std::vector<std::vector<double>> minima() const override { return minima_; }
  std::vector<double> start() const override { return start_; }
  std::array<double, 4> bounds() const override { return bounds_; }

 private:
  Formula f_;
  std::vector<std::vector<double>> minima_;
  std::vector<double> start_;
  std::array<double, 4> bounds_;
};

// Rosenbrock (1960): (1 - x)^2 + 100 (y - x^2)^2, a curved narrow valley; minimum (1, 1).
double rosenbrock(double x, double y, double* g) {
  const double a = 1 - x, b = y - x * x;
  if (g) {
    g[0] = -2 * a - 400 * x * b;
    g[1] = 200 * b;
  }
  return a * a + 100 * b * b;
}

// Beale: sum_k (c_k - x + x y^k)^2 with c = 1.5, 2.25, 2.625; minimum (3, 0.5), flat plateaus.
double beale(double x, double y, double* g) {
  const double c[3] = {1.5, 2.25, 2.625};
  double f = 0, gx = 0, gy = 0, yk = 1;
  for (int k = 1; k <= 3; ++k) {
    const double dyk = k * yk;  // d(y^k)/dy, yk holds y^(k-1)
    yk *= y;
    const double r = c[k - 1] - x + x * yk;
    f += r * r;
    gx += 2 * r * (yk - 1);
    gy += 2 * r * x * dyk;
  }
  if (g) {
    g[0] = gx;
    g[1] = gy;
  }
  return f;
}

// Himmelblau: (x^2 + y - 11)^2 + (x + y^2 - 7)^2, four global minima with value 0.
double himmelblau(double x, double y, double* g) {
  const double a = x * x + y - 11, b = x + y * y - 7;
  if (g) {
    g[0] = 4 * x * a + 2 * b;
    g[1] = 2 * a + 4 * y * b;
  }
  return a * a + b * b;
}

// A saddle with a floor: x^2/2 + y^4/4 - y^2/2. The origin is a saddle point (curvature
// +1 along x, -1 along y); the minima are (0, +-1) with value -1/4. Starting on the
// ridge y ~ 0 shows how long a method lingers near the saddle.
double saddle(double x, double y, double* g) {
  if (g) {
    g[0] = x;
    g[1] = y * y * y - y;
  }
  return 0.5 * x * x + 0.25 * y * y * y * y - 0.5 * y * y;
}

// Rastrigin (1974): 10 d + sum_i (x_i^2 - 10 cos(2 pi x_i)), a bowl covered in local
// minima; the global one is the origin.
class Rastrigin : public TestFunction {
 public:
  explicit Rastrigin(int d) : d_(d) {}
  int dim() const override { return d_; }
  double eval(const double* x, const Batch&, double* g) const override {
    const double two_pi = 6.283185307179586;
    double f = 10.0 * d_;
    for (int i = 0; i < d_; ++i) {
      f += x[i] * x[i] - 10 * std::cos(two_pi * x[i]);
      if (g) g[i] = 2 * x[i] + 10 * two_pi * std::sin(two_pi * x[i]);
    }
    return f;
  }
  std::vector<std::vector<double>> minima() const override { return {std::vector<double>(d_, 0.0)}; }
  std::vector<double> start() const override { return std::vector<double>(d_, 2.2); }
  std::array<double, 4> bounds() const override { return {-5.12, 5.12, -5.12, 5.12}; }

 private:
  int d_;
};

template <Formula F>
std::unique_ptr<TestFunction> plain(std::vector<std::vector<double>> minima, std::vector<double> start,
                                    std::array<double, 4> bounds) {
  return std::make_unique<Plain2D>(F, std::move(minima), std::move(start), bounds);
}

}  // namespace

std::unique_ptr<TestFunction> build_rastrigin(SpecObject& problem, Rng&) {
  return std::make_unique<Rastrigin>(problem.integer("dim", 1, 100000, 2));
}

const std::vector<TestFunctionEntry>& test_functions() {
  static const std::vector<TestFunctionEntry> table = {
      {"quadratic", build_quadratic, "Ill-conditioned quadratic (function)"},
      {"rosenbrock", [](SpecObject&, Rng&) { return plain<rosenbrock>({{1, 1}}, {-1.2, 1.0}, {-2, 2, -1, 3}); }, "Rosenbrock (function)"},
      {"beale", [](SpecObject&, Rng&) { return plain<beale>({{3, 0.5}}, {1.0, 1.4}, {-4.5, 4.5, -4.5, 4.5}); }, "Beale (function)"},
      // The three non-integer minima to 15 digits (they solve grad = 0; a test checks it).
      {"himmelblau",
       [](SpecObject&, Rng&) {
         return plain<himmelblau>({{3, 2},
                                   {-2.805118086952745, 3.131312518250573},
                                   {-3.779310253377747, -3.283185991286170},
                                   {3.584428340330492, -1.848126526964404}},
                                  {0.0, 0.0}, {-5, 5, -5, 5});
       },
       "Himmelblau (function)"},
      {"saddle", [](SpecObject&, Rng&) { return plain<saddle>({{0, 1}, {0, -1}}, {1.5, 0.001}, {-2, 2, -2, 2}); }, "Saddle (function)"},
      {"rastrigin", build_rastrigin, "Rastrigin (function)"},
      {"noisy_quadratic", build_noisy_quadratic, "Noisy quadratic (stochastic function)"},
      {"simplex_quadratic", build_simplex_quadratic, "Quadratic on the simplex (function)"},
      {"double_well", build_double_well, "Double well (function)"},
  };
  return table;
}

}  // namespace optzoo
