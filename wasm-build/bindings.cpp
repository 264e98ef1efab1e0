// The Embind registration table: names only, no logic (see adapters.cpp).
#include <emscripten/bind.h>

#include "adapters.hpp"

using namespace emscripten;
using namespace optzoo::wasm;

namespace {
// Views of the handle's result buffers; JS copies them at once (memory growth would
// detach them).
val float_buffer(const ExperimentHandle& h) { return val(typed_memory_view(h.floatBuffer().size(), h.floatBuffer().data())); }
val int_buffer(const ExperimentHandle& h) { return val(typed_memory_view(h.intBuffer().size(), h.intBuffer().data())); }
val double_buffer(const ExperimentHandle& h) { return val(typed_memory_view(h.doubleBuffer().size(), h.doubleBuffer().data())); }
}  // namespace

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
      .function("updateRun", &ExperimentHandle::updateRun)
      .function("problemInfo", &ExperimentHandle::problemInfo)
      .function("lossGrid", &ExperimentHandle::lossGrid)
      .function("runParams", &ExperimentHandle::runParams)
      .function("predictGrid", &ExperimentHandle::predictGrid)
      .function("dataPoints", &ExperimentHandle::dataPoints)
      .function("testImages", &ExperimentHandle::testImages)
      .function("testLabels", &ExperimentHandle::testLabels)
      .function("predict", &ExperimentHandle::predict)
      .function("floatBuffer", &float_buffer)
      .function("intBuffer", &int_buffer)
      .function("takePoints", &ExperimentHandle::takePoints)
      .function("trackTrajectory", &ExperimentHandle::trackTrajectory)
      .function("doubleBuffer", &double_buffer);


  function("registryJson", &registry_json);
  function("catalogueJson", &catalogue_json);
  function("problemsJson", &problems_json);
  function("registerDataset", &register_dataset_bytes);
  function("validateSpec", &validate_spec);
  function("version", &version);
  function("simdEnabled", &simd_enabled);
  function("heapBytesInUse", &heap_bytes_in_use);
}
