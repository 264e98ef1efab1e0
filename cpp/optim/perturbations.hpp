// Gaussian search directions for the zeroth-order methods (random search, weighted
// perturbation, ES). Direction k of a step comes from its own generator seeded by
// (step seed, k), so a method can regenerate it instead of storing M directions:
// memory stays O(d) whatever M is (Salimans et al., 2017, share seeds the same way).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "optim/optimizer.hpp"

namespace optzoo {

// out receives directions first .. first+count-1, each dim floats of N(0, 1).
void fill_directions(uint64_t step_seed, int first, int count, std::size_t dim, float* out);

// Directions are generated and evaluated this many at a time, so that the problem can
// batch their forward passes while the buffer stays a small multiple of d.
constexpr int kDirectionChunk = 8;

// Minibatch losses at p + sigma*e_k and p - sigma*e_k (minus may be null) for the
// step's directions 0..count-1. Uses the problem's batched evaluation when the
// context offers it, and one objective call per point otherwise.
void evaluate_directions(const StepContext& ctx, uint64_t step_seed, int count, float sigma, const float* p,
                         std::size_t n, std::vector<float>& buffer, double* plus, double* minus);

// out = sum_k w_k e_k over the step's directions, regenerating them chunk by chunk.
void combine_directions(uint64_t step_seed, const std::vector<double>& w, std::size_t n, std::vector<float>& buffer,
                        float* out);

}  // namespace optzoo
