// The documented limits of a spec (docs/CONTRACTS.md, "Limits"). Every one is checked
// while the spec is read, before anything of that size is allocated, and the memory
// estimate (train/memory_estimate.hpp) is checked before the runs are set up.
#pragma once
#include <cstddef>

namespace optzoo::limits {

constexpr std::size_t kMaxSpecBytes = 32u << 20;  // spec JSON text, CSV text included
constexpr std::size_t kMaxRuns = 64;
constexpr long kMaxSteps = 10000000;
constexpr long kMaxBatch = 1 << 24;           // batch_size, record_every
constexpr double kMaxBudget = 1e13;           // forward-pass equivalents per run
constexpr long kMaxExamples = 1000000;        // rows of inline data, a CSV, a toy dataset
constexpr long kMaxLayerWidth = 1 << 16;      // units of a dense layer, entries of mlp sizes
constexpr long kMaxFilters = 4096;            // conv2d filters
constexpr std::size_t kMaxLayers = 64;        // layers of a cnn
constexpr double kMaxParams = 5e7;            // parameters of a model
constexpr double kMaxActivations = 4e6;       // floats per example, summed over layers
constexpr long kMaxClasses = 65536;
constexpr std::size_t kMaxLabelLength = 200;  // characters of a run label
// What one experiment may need (estimate), below the module's 2 GiB cap
// (-sMAXIMUM_MEMORY) with room for the spec text, results and the JS side.
constexpr double kMaxMemoryBytes = 1.5 * 1024 * 1024 * 1024;

}  // namespace optzoo::limits
