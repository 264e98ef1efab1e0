// Builds the Problem described by a spec's "problem", "model" and "loss" keys.
#pragma once
#include <memory>

#include "core/spec_reader.hpp"
#include "problems/dataset.hpp"
#include "problems/problem.hpp"

namespace optzoo {

// Reads (and marks used) "problem", and "model" and "loss" where the problem needs them.
std::unique_ptr<Problem> make_problem(SpecObject& spec, uint64_t seed);

// The "inline" problem kind's data: x rows and y labels or target rows.
std::shared_ptr<Dataset> parse_inline_data(SpecObject& problem);

// Model + loss on a dataset, checked against each other.
std::unique_ptr<Problem> make_network_problem(SpecObject& spec, std::shared_ptr<const Dataset> train,
                                              std::shared_ptr<const Dataset> test);

// problem.kind "dataset" (dataset_problem.cpp) and "csv" (csv_problem.cpp).
std::unique_ptr<Problem> make_dataset_problem(SpecObject& spec, SpecObject& problem, uint64_t seed);
std::unique_ptr<Problem> make_csv_problem(SpecObject& spec, SpecObject& problem, uint64_t seed);

}  // namespace optzoo
