#include "optim/perturbations.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace optzoo {

void fill_directions(uint64_t step_seed, int first, int count, std::size_t dim, float* out) {
  for (int k = 0; k < count; ++k) {
    Rng rng(step_seed, static_cast<uint64_t>(first + k));
    float* d = out + static_cast<std::size_t>(k) * dim;
    for (std::size_t i = 0; i < dim; ++i) d[i] = static_cast<float>(rng.normal());
  }
}

void evaluate_directions(const StepContext& ctx, uint64_t step_seed, int count, float sigma, const float* p,
                         std::size_t n, std::vector<float>& buffer, double* plus, double* minus) {
  if (!ctx.perturbed && !ctx.objective) throw Error("optimizer", "needs the objective, but the experiment gave none");
  std::vector<float> point;
  for (int first = 0; first < count; first += kDirectionChunk) {
    const int m = std::min(kDirectionChunk, count - first);
    buffer.resize(static_cast<std::size_t>(m) * n);
    fill_directions(step_seed, first, m, n, buffer.data());
    if (ctx.perturbed) {
      (*ctx.perturbed)(p, buffer.data(), m, sigma, plus + first, minus ? minus + first : nullptr);
      continue;
    }
    point.resize(n);
    for (int k = 0; k < m; ++k) {
      const float* d = buffer.data() + static_cast<std::size_t>(k) * n;
      for (std::size_t i = 0; i < n; ++i) point[i] = p[i] + sigma * d[i];
      plus[first + k] = (*ctx.objective)(point.data());
      if (!minus) continue;
      for (std::size_t i = 0; i < n; ++i) point[i] = p[i] - sigma * d[i];
      minus[first + k] = (*ctx.objective)(point.data());
    }
  }
}

void combine_directions(uint64_t step_seed, const std::vector<double>& w, std::size_t n, std::vector<float>& buffer,
                        float* out) {
  std::fill(out, out + n, 0.0f);
  const int count = static_cast<int>(w.size());
  // When every direction fit in one chunk, evaluate_directions left them in the buffer.
  const bool held = count <= kDirectionChunk && buffer.size() == static_cast<std::size_t>(count) * n;
  for (int first = 0; first < count; first += kDirectionChunk) {
    const int m = std::min(kDirectionChunk, count - first);
    if (!held) {
      buffer.resize(static_cast<std::size_t>(m) * n);
      fill_directions(step_seed, first, m, n, buffer.data());
    }
    for (int k = 0; k < m; ++k) {
      const float wk = static_cast<float>(w[first + k]);
      const float* d = buffer.data() + static_cast<std::size_t>(k) * n;
      for (std::size_t i = 0; i < n; ++i) out[i] += wk * d[i];
    }
  }
}

}  // namespace optzoo
