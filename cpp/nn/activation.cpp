#include "nn/activation.hpp"

namespace optzoo {

namespace {
struct Named { const char* name; Activation a; };
constexpr Named kActivations[] = {{"identity", Activation::Identity}, {"relu", Activation::Relu},
                                  {"tanh", Activation::Tanh},         {"sigmoid", Activation::Sigmoid},
                                  {"gelu", Activation::Gelu}};
}  // namespace

bool parse_activation(const std::string& name, Activation* out) {
  for (const auto& n : kActivations)
    if (name == n.name) {
      *out = n.a;
      return true;
    }
  return false;
}

const char* activation_name(Activation a) {
  for (const auto& n : kActivations)
    if (n.a == a) return n.name;
  return "?";
}

}  // namespace optzoo
