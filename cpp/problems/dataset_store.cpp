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

const std::vector<RealDataset>& real_datasets() {
  // Fashion-MNIST's labels as its authors list them (Xiao et al. 2017).
  static const std::vector<RealDataset> table = {
      {"mnist", "MNIST digits", 28, 28, 1, {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
      {"fashion-mnist", "Fashion-MNIST", 28, 28, 1,
       {"T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"}},
  };
  return table;
}

const std::vector<std::string>& real_dataset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& d : real_datasets()) out.push_back(d.name);
    return out;
  }();
  return names;
}

void register_dataset(const std::string& name, const uint8_t* bytes, std::size_t size) {
  const auto& names = real_dataset_names();
  if (std::find(names.begin(), names.end(), name) == names.end())
  {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw Error("registerDataset", "\"" + name + "\" is not a known dataset (" + known + ")");
  }
  store()[name] = std::make_shared<const ImageDataset>(parse_packed_dataset(bytes, size, name + ".ozd"));
}

std::shared_ptr<const ImageDataset> find_dataset(const std::string& name) {
  const auto it = store().find(name);
  return it == store().end() ? nullptr : it->second;
}

void clear_datasets() { store().clear(); }

}  // namespace optzoo
