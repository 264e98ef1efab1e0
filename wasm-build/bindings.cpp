// The Embind registration table: names only, no logic (see adapters.cpp).
#include <emscripten/bind.h>

#include "adapters.hpp"

using namespace emscripten;
using namespace optzoo::wasm;

EMSCRIPTEN_BINDINGS(optzoo) {
  class_<ExperimentHandle>("Experiment")
      .constructor<std::string>()
      .function("error", &ExperimentHandle::error)
      .function("advance", &ExperimentHandle::advance)
      .function("stepsDone", &ExperimentHandle::stepsDone)
      .function("steps", &ExperimentHandle::steps)
      .function("finished", &ExperimentHandle::finished)
      .function("numRuns", &ExperimentHandle::numRuns)
      .function("dim", &ExperimentHandle::dim)
      .function("resultJson", &ExperimentHandle::resultJson)
      .function("resultSinceJson", &ExperimentHandle::resultSinceJson)
      .function("progress", &ExperimentHandle::progress)
      .function("updateRun", &ExperimentHandle::updateRun);

  class_<TrainingBenchHandle>("TrainingBench")
      .constructor<std::string, int, std::string, double>()
      .function("run", &TrainingBenchHandle::run);
  class_<GemmBenchHandle>("GemmBench").constructor<int>().function("run", &GemmBenchHandle::run);

  function("registryJson", &registry_json);
  function("validateSpec", &validate_spec);
  function("version", &version);
  function("simdEnabled", &simd_enabled);
}
