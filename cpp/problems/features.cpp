#include <nlohmann/json.hpp>

#include "problems/features.hpp"

#include <cmath>

namespace optzoo {
namespace {

struct FeatureName {
  const char* name;
  Feature feature;
  int needs;  // raw inputs it reads: 1 = x only, 2 = also y
};

constexpr FeatureName kFeatures[] = {
    {"x", Feature::X, 1},       {"y", Feature::Y, 2},       {"x2", Feature::X2, 1},
    {"y2", Feature::Y2, 2},     {"xy", Feature::XY, 2},     {"sinx", Feature::SinX, 1},
    {"siny", Feature::SinY, 2}, {"cosx", Feature::CosX, 1}, {"cosy", Feature::CosY, 2},
};

}  // namespace

void FeatureMap::apply(const float* r, float* out) const {
  const float x = r[0], y = raw > 1 ? r[1] : 0.0f;
  for (std::size_t i = 0; i < list.size(); ++i) {
    switch (list[i]) {
      case Feature::X: out[i] = x; break;
      case Feature::Y: out[i] = y; break;
      case Feature::X2: out[i] = x * x; break;
      case Feature::Y2: out[i] = y * y; break;
      case Feature::XY: out[i] = x * y; break;
      case Feature::SinX: out[i] = std::sin(x); break;
      case Feature::SinY: out[i] = std::sin(y); break;
      case Feature::CosX: out[i] = std::cos(x); break;
      case Feature::CosY: out[i] = std::cos(y); break;
    }
  }
}

FeatureMap parse_features(SpecObject& problem, int raw) {
  FeatureMap map;
  map.raw = raw;
  const Json* list = problem.optional("features");
  if (!list) {
    map.list = raw == 1 ? std::vector<Feature>{Feature::X} : std::vector<Feature>{Feature::X, Feature::Y};
    return map;
  }
  const std::string path = problem.path("features");
  read_array(*list, path, 1);
  std::vector<std::string> allowed;
  for (const auto& f : kFeatures)
    if (f.needs <= raw) allowed.push_back(f.name);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string ip = index_path(path, i);
    const Json& v = (*list)[i];
    std::string name = v.is_string() ? v.get<std::string>() : "";
    bool found = false;
    for (const auto& f : kFeatures)
      if (name == f.name && f.needs <= raw) {
        for (Feature seen : map.list)
          if (seen == f.feature) throw Error(ip, "\"" + name + "\" is listed twice");
        map.list.push_back(f.feature);
        found = true;
      }
    if (!found) {
      std::string rule = "must be one of";
      for (std::size_t k = 0; k < allowed.size(); ++k) rule += (k ? ", \"" : " \"") + allowed[k] + "\"";
      throw Error(ip, rule + (raw == 1 ? " (this data has one input, x)" : "") + ", got " +
                          (v.is_string() ? "\"" + name + "\"" : describe_type(v)));
    }
  }
  return map;
}

void expand_features(const FeatureMap& map, const std::vector<float>& raw, int n, std::vector<float>& out) {
  out.resize(static_cast<std::size_t>(n) * map.size());
  for (int i = 0; i < n; ++i) map.apply(raw.data() + static_cast<std::size_t>(i) * map.raw, out.data() + static_cast<std::size_t>(i) * map.size());
}

}  // namespace optzoo
