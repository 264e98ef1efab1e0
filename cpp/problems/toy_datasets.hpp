// Generated 2-D (and 1-D) datasets for watching a small network learn: spiral,
// circles, XOR, Gaussian blobs, moons, and 1-D / 2-D regression.
#pragma once
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "problems/dataset.hpp"

namespace optzoo {

struct ToyOptions {
  int size = 400;       // examples in total, before the train/test split
  int classes = 2;      // classification sets that allow more than two
  double noise = 0.1;   // the generator's noise scale (see each generator)
};

struct ToyGenerator {
  const char* name;
  Task task;
  int raw;              // inputs per example (1 or 2)
  int default_classes;  // 0 = regression; classes option allowed when max_classes > 2
  int max_classes;
  double default_noise;
  // Fills raw [size][raw] and labels or targets [size].
  void (*generate)(const ToyOptions& o, Rng& rng, std::vector<float>& raw, std::vector<int32_t>& labels,
                   std::vector<float>& targets);
  const char* label;    // what a menu shows
};

const std::vector<ToyGenerator>& toy_generators();
const ToyGenerator* find_toy_generator(const std::string& name);

}  // namespace optzoo
