#include "problems/toy_datasets.hpp"

#include <cmath>

namespace optzoo {
namespace {

constexpr double kPi = 3.141592653589793;

void push(std::vector<float>& raw, double x, double y) {
  raw.push_back(static_cast<float>(x));
  raw.push_back(static_cast<float>(y));
}

// K interleaved spiral arms (as in CS231n's spiral): example on arm k at radius t in
// (0, 1] has angle 2 pi k / K + 4 t, plus Gaussian angle noise of std `noise`.
void spiral(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>& labels, std::vector<float>&) {
  for (int i = 0; i < o.size; ++i) {
    const int k = i % o.classes;
    const double t = (i / o.classes + 1.0) / ((o.size + o.classes - 1) / o.classes);
    const double a = 2 * kPi * k / o.classes + 4 * t + o.noise * rng.normal();
    push(raw, t * std::cos(a), t * std::sin(a));
    labels.push_back(k);
  }
}

// K concentric rings of radius (k + 1) / K, each point jittered by N(0, noise^2).
void circles(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>& labels, std::vector<float>&) {
  for (int i = 0; i < o.size; ++i) {
    const int k = i % o.classes;
    const double r = (k + 1.0) / o.classes, a = 2 * kPi * rng.uniform();
    push(raw, r * std::cos(a) + o.noise * rng.normal(), r * std::sin(a) + o.noise * rng.normal());
    labels.push_back(k);
  }
}

// Uniform points in [-1, 1]^2, class 1 where x y < 0; the label is taken before the
// N(0, noise^2) jitter, so noise blurs the boundary.
void xor_set(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>& labels, std::vector<float>&) {
  for (int i = 0; i < o.size; ++i) {
    const double x = rng.uniform(-1, 1), y = rng.uniform(-1, 1);
    labels.push_back(x * y < 0 ? 1 : 0);
    push(raw, x + o.noise * rng.normal(), y + o.noise * rng.normal());
  }
}

// K isotropic Gaussians of std `noise`, centred on a circle of radius 0.6.
void blobs(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>& labels, std::vector<float>&) {
  for (int i = 0; i < o.size; ++i) {
    const int k = i % o.classes;
    const double a = 2 * kPi * k / o.classes;
    push(raw, 0.6 * std::cos(a) + o.noise * rng.normal(), 0.6 * std::sin(a) + o.noise * rng.normal());
    labels.push_back(k);
  }
}

// Two interleaving half circles (as scikit-learn's make_moons), centred and scaled to
// about [-1, 1]^2, with N(0, noise^2) jitter.
void moons(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>& labels, std::vector<float>&) {
  for (int i = 0; i < o.size; ++i) {
    const int k = i % 2;
    const double t = kPi * rng.uniform();
    const double x = k == 0 ? std::cos(t) : 1 - std::cos(t);
    const double y = k == 0 ? std::sin(t) : 0.5 - std::sin(t);
    push(raw, (x - 0.5) / 1.5 + o.noise * rng.normal(), (y - 0.25) / 1.5 + o.noise * rng.normal());
    labels.push_back(k);
  }
}

// y = sin(3 x) + N(0, noise^2), x uniform in [-1, 1].
void regression1d(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>&, std::vector<float>& t) {
  for (int i = 0; i < o.size; ++i) {
    const double x = rng.uniform(-1, 1);
    raw.push_back(static_cast<float>(x));
    t.push_back(static_cast<float>(std::sin(3 * x) + o.noise * rng.normal()));
  }
}

// z = sin(pi x) cos(pi y) + N(0, noise^2) on [-1, 1]^2.
void regression2d(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>&, std::vector<float>& t) {
  for (int i = 0; i < o.size; ++i) {
    const double x = rng.uniform(-1, 1), y = rng.uniform(-1, 1);
    push(raw, x, y);
    t.push_back(static_cast<float>(std::sin(kPi * x) * std::cos(kPi * y) + o.noise * rng.normal()));
  }
}

}  // namespace

const std::vector<ToyGenerator>& toy_generators() {
  static const std::vector<ToyGenerator> table = {
      {"spiral", Task::Classification, 2, 3, 10, 0.2, spiral, "Spiral (toy, 2-D)"},
      {"circles", Task::Classification, 2, 2, 10, 0.05, circles, "Circles (toy, 2-D)"},
      {"xor", Task::Classification, 2, 2, 2, 0.05, xor_set, "XOR (toy, 2-D)"},
      {"blobs", Task::Classification, 2, 3, 10, 0.15, blobs, "Gaussian blobs (toy, 2-D)"},
      {"moons", Task::Classification, 2, 2, 2, 0.1, moons, "Moons (toy, 2-D)"},
      {"regression1d", Task::Regression, 1, 0, 0, 0.1, regression1d, "1-D regression (toy)"},
      {"regression2d", Task::Regression, 2, 0, 0, 0.1, regression2d, "2-D regression (toy)"},
  };
  return table;
}

const ToyGenerator* find_toy_generator(const std::string& name) {
  for (const auto& g : toy_generators())
    if (name == g.name) return &g;
  return nullptr;
}

}  // namespace optzoo
