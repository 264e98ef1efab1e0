// The bench workloads' registrations, linked only into the bench's own module
// (optzoo_bench_core, built by `node scripts/build.js --bench`): the page's module does
// not carry them (about 17 KB of wasm).
#include <emscripten/bind.h>

#include "adapters.hpp"

using namespace emscripten;
using namespace optzoo::wasm;

EMSCRIPTEN_BINDINGS(optzoo_bench) {
  class_<TrainingBenchHandle>("TrainingBench")
      .constructor<std::string, int, std::string, double>()
      .function("error", &TrainingBenchHandle::error)
      .function("run", &TrainingBenchHandle::run)
      .function("forwardPasses", &TrainingBenchHandle::forwardPasses);
  class_<GemmBenchHandle>("GemmBench")
      .constructor<int>()
      .function("error", &GemmBenchHandle::error)
      .function("run", &GemmBenchHandle::run);
  function("simdPeak", &simd_peak);
  function("simdPeakFlopsPerRep", &simd_peak_flops_per_rep);
}
