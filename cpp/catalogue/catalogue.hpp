// The catalogue: presets, examples and lessons (catalogue/*.json, format in
// docs/CONTRACTS.md "Catalogue"), compiled into the core so that the page, the CLI
// and the tests all read the same entries from the module they run.
#pragma once
#include <string>
#include <vector>

#include "core/spec_reader.hpp"

namespace optzoo {

// Every entry, sorted by id, as one JSON array of the files' text: handed to hosts
// as it is, since parsing it here would cost the module a second JSON parser.
const char* catalogue_text();

// Parsed (for the tests and the C++ side): the entries, and the one with this id.
const Json& catalogue();
const Json* find_catalogue_entry(const std::string& id);

// The specs an entry runs: one per seed (the spec's own when the entry lists none)
// and per variant (the spec with the variant's top-level keys replaced).
std::vector<Json> catalogue_entry_specs(const Json& entry);

}  // namespace optzoo
