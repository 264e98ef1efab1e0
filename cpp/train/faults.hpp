// Numerical faults: a NaN or an infinity in a run's loss, gradient, optimizer state
// or parameters ends that run at the step it appeared (status "diverged", with the
// reason); the other runs go on. Checked after every step, O(dim) each time.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "optim/optimizer.hpp"

namespace optzoo {

// "NaN", "Inf" or "" for the first non-finite value of v (NaN wins if both occur).
const char* non_finite_kind(const float* v, std::size_t n);
const char* non_finite_kind(double v);

// The reason the state of a run is broken, e.g. "gradient has Inf", or "".
// `loss` is the step's minibatch loss when the method computed one (else pass nullptr).
std::string find_fault(const double* loss, const std::vector<float>* grad, const OptimizerState& state,
                       const std::vector<float>& params);

}  // namespace optzoo
