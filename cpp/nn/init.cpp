#include "nn/init.hpp"

#include <cmath>

namespace optzoo {

bool parse_init_scheme(const std::string& name, InitScheme* out) {
  if (name == "pytorch") *out = InitScheme::Pytorch;
  else if (name == "kaiming") *out = InitScheme::Kaiming;
  else if (name == "xavier") *out = InitScheme::Xavier;
  else if (name == "orthogonal") *out = InitScheme::Orthogonal;
  else return false;
  return true;
}

namespace {

// Orthonormalises the columns of the tall matrix a (m x n, m >= n, row-major) in place by
// modified Gram-Schmidt, run twice ("twice is enough": Giraud et al., 2005), which keeps
// the columns orthogonal to round-off. Returns false if a column is (numerically) dependent.
bool gram_schmidt_columns(int m, int n, std::vector<double>& a) {
  auto at = [&](int r, int c) -> double& { return a[static_cast<std::size_t>(r) * n + c]; };
  for (int j = 0; j < n; ++j) {
    double first_norm = 0;
    for (int r = 0; r < m; ++r) first_norm += at(r, j) * at(r, j);
    for (int pass = 0; pass < 2; ++pass)
      for (int i = 0; i < j; ++i) {
        double dot = 0;
        for (int r = 0; r < m; ++r) dot += at(r, i) * at(r, j);
        for (int r = 0; r < m; ++r) at(r, j) -= dot * at(r, i);
      }
    double norm = 0;
    for (int r = 0; r < m; ++r) norm += at(r, j) * at(r, j);
    if (!(norm > 1e-20 * first_norm)) return false;
    norm = std::sqrt(norm);
    for (int r = 0; r < m; ++r) at(r, j) /= norm;
  }
  return true;
}

}  // namespace

void random_orthogonal(int rows, int cols, Rng& rng, std::vector<double>& out) {
  const bool wide = rows < cols;
  const int m = wide ? cols : rows, n = wide ? rows : cols;
  std::vector<double> a(static_cast<std::size_t>(m) * n);
  do {
    // Draw the rows x cols matrix in row-major order, then view it as tall (as torch does).
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const double v = rng.normal();
        if (wide) a[static_cast<std::size_t>(c) * n + r] = v;
        else a[static_cast<std::size_t>(r) * n + c] = v;
      }
  } while (!gram_schmidt_columns(m, n, a));
  out.resize(static_cast<std::size_t>(rows) * cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      out[static_cast<std::size_t>(r) * cols + c] = wide ? a[static_cast<std::size_t>(c) * n + r] : a[static_cast<std::size_t>(r) * n + c];
}

void init_block_values(InitScheme scheme, const WeightBlock& block, Rng& rng, std::vector<double>& weights,
                       std::vector<double>& biases) {
  const std::size_t count = static_cast<std::size_t>(block.rows) * block.cols;
  weights.resize(count);
  biases.assign(block.rows, 0.0);
  switch (scheme) {
    case InitScheme::Pytorch: {
      const double bound = 1.0 / std::sqrt(static_cast<double>(block.fan_in));
      for (auto& w : weights) w = rng.uniform(-bound, bound);
      for (auto& b : biases) b = rng.uniform(-bound, bound);
      break;
    }
    case InitScheme::Kaiming: {
      const double std = std::sqrt(2.0 / block.fan_in);
      for (auto& w : weights) w = std * rng.normal();
      break;
    }
    case InitScheme::Xavier: {
      const double a = std::sqrt(6.0 / (block.fan_in + block.fan_out));
      for (auto& w : weights) w = rng.uniform(-a, a);
      break;
    }
    case InitScheme::Orthogonal:
      random_orthogonal(block.rows, block.cols, rng, weights);
      break;
  }
}

}  // namespace optzoo
