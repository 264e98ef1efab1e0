#include "train/memory_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace optzoo {
namespace {

// Examples evaluated at once: a minibatch, the whole training set for a full batch
// (0), and at least a chunk of a whole-set loss or metric (NetworkProblem::kEvalChunk).
double evaluated_rows(const Problem& problem, int batch_size) {
  const double n = problem.train_size();
  return std::max({batch_size > 0 ? static_cast<double>(batch_size) : n, std::min(n, 1000.0), 1.0});
}

std::string megabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  return text;
}

}  // namespace

double estimate_bytes(const Problem& problem, int batch_size, std::size_t runs) {
  const double floats = problem.working_floats(evaluated_rows(problem, batch_size)) +
                        kVectorsPerRun * static_cast<double>(problem.dim()) * static_cast<double>(runs);
  return 4.0 * floats;
}

void check_memory(const Problem& problem, int batch_size, std::size_t runs) {
  const double bytes = estimate_bytes(problem, batch_size, runs);
  if (bytes <= limits::kMaxMemoryBytes) return;
  throw Error("memory", "this experiment needs about " + megabytes(bytes) + " (" + std::to_string(problem.dim()) +
                            " parameters, " + std::to_string(runs) + " runs, " +
                            std::to_string(static_cast<long>(evaluated_rows(problem, batch_size))) +
                            " examples evaluated at once), more than the limit of " + megabytes(limits::kMaxMemoryBytes) +
                            "; use a smaller model or batch, fewer runs or fewer examples");
}

}  // namespace optzoo
