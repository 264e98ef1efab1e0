#include <nlohmann/json.hpp>

#include "optim/state_json.hpp"

namespace optzoo {

Json state_to_json(const OptimizerState& state) {
  Json j;
  j["step"] = state.step;
  j["slots"] = state.slots;
  j["scalars"] = state.scalars;
  j["inner"] = Json::array();
  for (const OptimizerState& inner : state.inner) j["inner"].push_back(state_to_json(inner));
  return j;
}

OptimizerState state_from_json(const Json& j, const std::string& path) {
  SpecObject o(j, path);
  OptimizerState s;
  s.step = o.integer("step", 0, 2147483647);
  const Json& slots = read_array(o.required("slots"), o.path("slots"));
  for (std::size_t k = 0; k < slots.size(); ++k) {
    const std::string slot_path = index_path(o.path("slots"), k);
    const Json& slot = read_array(slots[k], slot_path);
    std::vector<float> values(slot.size());
    for (std::size_t i = 0; i < slot.size(); ++i)
      values[i] = static_cast<float>(read_number(slot[i], index_path(slot_path, i), any_finite()));
    s.slots.push_back(std::move(values));
  }
  const Json& scalars = read_array(o.required("scalars"), o.path("scalars"));
  for (std::size_t i = 0; i < scalars.size(); ++i)
    s.scalars.push_back(read_number(scalars[i], index_path(o.path("scalars"), i), any_finite()));
  if (const Json* inner = o.optional("inner")) {
    read_array(*inner, o.path("inner"));
    for (std::size_t i = 0; i < inner->size(); ++i) s.inner.push_back(state_from_json((*inner)[i], index_path(o.path("inner"), i)));
  }
  o.finish();
  return s;
}

}  // namespace optzoo
