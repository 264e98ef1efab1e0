// Every problem a spec can name, with what a menu or a form needs to offer it (label,
// family, task, input and class counts, class names, options and their defaults), and
// the learning-rate schedules a run can take. The page and the CLI read this instead
// of keeping their own copies or probing the core with trial specs.
#pragma once
#include <string>

#include "core/spec_reader.hpp"

namespace optzoo {

// {"problems": [...], "schedules": [{"kind", "options"}...], "features": {...}}
// (docs/CONTRACTS.md "Problem registry").
OrderedJson problems_to_json();

}  // namespace optzoo
