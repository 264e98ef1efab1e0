// Optimizer state to and from JSON, so a run can be saved, restored and compared:
//   {"step": 12, "slots": [[...], ...], "scalars": [...], "inner": [<state>, ...]}
// Float slots round-trip exactly (every float is a double, printed to round-trip).
#pragma once
#include <string>

#include "core/spec_reader.hpp"
#include "optim/optimizer.hpp"

namespace optzoo {

Json state_to_json(const OptimizerState& state);
// Throws Error naming the path on a malformed document.
OptimizerState state_from_json(const Json& j, const std::string& path = "state");

}  // namespace optzoo
