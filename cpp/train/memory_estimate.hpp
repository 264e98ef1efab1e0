// An estimate of the memory an experiment needs, checked before its runs are set up,
// so that a request beyond the module's cap is refused with its size instead of
// aborting the module halfway (wasm has a hard cap, -sMAXIMUM_MEMORY).
#pragma once
#include <cstddef>

#include "problems/problem.hpp"

namespace optzoo {

// Parameter-sized vectors per run: parameters, gradient, the previous point, a
// per-example scratch, and room for up to four optimizer state slots.
constexpr double kVectorsPerRun = 8;

// Bytes for the problem's largest evaluation (a minibatch, the whole training set for
// a full batch, or a chunk of a whole-set loss) plus every run's vectors.
double estimate_bytes(const Problem& problem, int batch_size, std::size_t runs);

// Throws Error("memory", ...) stating the estimate and the limit when it is too large.
void check_memory(const Problem& problem, int batch_size, std::size_t runs);

}  // namespace optzoo
