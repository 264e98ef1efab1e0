#include "nn/loss.hpp"

namespace optzoo {

namespace {
struct Named { const char* name; LossKind kind; };
constexpr Named kLosses[] = {{"cross_entropy", LossKind::CrossEntropy},
                             {"mse", LossKind::Mse},
                             {"binary_cross_entropy", LossKind::BinaryCrossEntropy}};
}  // namespace

bool parse_loss(const std::string& name, LossKind* out) {
  for (const auto& l : kLosses)
    if (name == l.name) {
      *out = l.kind;
      return true;
    }
  return false;
}

const char* loss_name(LossKind k) {
  for (const auto& l : kLosses)
    if (l.kind == k) return l.name;
  return "?";
}

}  // namespace optzoo
