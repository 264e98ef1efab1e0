// Real datasets by name (mnist, fashion-mnist). The host registers each packed OZD1
// file once (Node reads it from disk, the page fetches it from its own origin); every
// experiment created afterwards shares the parsed copy.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "problems/packed_dataset.hpp"

namespace optzoo {

// What the core knows about a real dataset before its file is loaded: the menu label,
// the image shape and what each class means.
struct RealDataset {
  const char* name;
  const char* label;
  int rows, cols, channels;
  std::vector<std::string> class_names;
};
const std::vector<RealDataset>& real_datasets();

// Names a spec may use as a real dataset.
const std::vector<std::string>& real_dataset_names();

// Parses, validates (magic, sizes, labels, CRC) and stores the bytes under name,
// replacing any earlier copy. Throws Error(name, rule) on a bad file or unknown name.
void register_dataset(const std::string& name, const uint8_t* bytes, std::size_t size);

// The registered dataset, or nullptr.
std::shared_ptr<const ImageDataset> find_dataset(const std::string& name);

// Forgets every registered dataset (tests).
void clear_datasets();

}  // namespace optzoo
