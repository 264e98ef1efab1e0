// Initialisation schemes for weight matrices, as torch.nn.init with its defaults:
//   pytorch     torch.nn.Linear / Conv2d reset_parameters(): W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
//   kaiming     kaiming_normal_(mode="fan_in", nonlinearity="relu"): W ~ N(0, 2/fan_in)   (He et al., 2015)
//   xavier      xavier_uniform_(gain=1): W ~ U(-a, a), a = sqrt(6/(fan_in+fan_out))   (Glorot & Bengio, 2010)
//   orthogonal  orthogonal_(gain=1): orthonormal rows or columns         (Saxe et al., 2014)
// Every scheme but pytorch sets the biases to zero.
#pragma once
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "nn/layer.hpp"

namespace optzoo {

enum class InitScheme { Pytorch, Kaiming, Xavier, Orthogonal };

bool parse_init_scheme(const std::string& name, InitScheme* out);

// out (rows x cols, row-major) gets orthonormal columns when rows >= cols and orthonormal
// rows otherwise: the Q factor of a Gaussian matrix with diag(R) > 0, i.e. Haar-distributed.
void random_orthogonal(int rows, int cols, Rng& rng, std::vector<double>& out);

// The initial weights [rows][cols] and biases [rows] of one block.
void init_block_values(InitScheme scheme, const WeightBlock& block, Rng& rng, std::vector<double>& weights,
                       std::vector<double>& biases);

template <class T>
void init_block(InitScheme scheme, const WeightBlock& block, Rng& rng, T* params) {
  std::vector<double> w, b;
  init_block_values(scheme, block, rng, w, b);
  for (std::size_t i = 0; i < w.size(); ++i) params[block.weight + i] = static_cast<T>(w[i]);
  for (std::size_t i = 0; i < b.size(); ++i) params[block.bias + i] = static_cast<T>(b[i]);
}

}  // namespace optzoo
