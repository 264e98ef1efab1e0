#include "problems/dataset_store.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"

namespace optzoo {
namespace {

// The module is single-threaded (one worker owns it), so a plain map suffices.
std::map<std::string, std::shared_ptr<const ImageDataset>>& store() {
  static std::map<std::string, std::shared_ptr<const ImageDataset>> s;
  return s;
}

}  // namespace

const std::vector<std::string>& real_dataset_names() {
  static const std::vector<std::string> names = {"mnist", "fashion-mnist"};
  return names;
}

void register_dataset(const std::string& name, const uint8_t* bytes, std::size_t size) {
  const auto& names = real_dataset_names();
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw Error("registerDataset", "\"" + name + "\" is not a known dataset (mnist, fashion-mnist)");
  store()[name] = std::make_shared<const ImageDataset>(parse_packed_dataset(bytes, size, name + ".ozd"));
}

std::shared_ptr<const ImageDataset> find_dataset(const std::string& name) {
  const auto it = store().find(name);
  return it == store().end() ? nullptr : it->second;
}

void clear_datasets() { store().clear(); }

}  // namespace optzoo
