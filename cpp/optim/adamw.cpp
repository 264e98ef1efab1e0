// AdamW (Loshchilov & Hutter, ICLR 2019), as torch.optim.AdamW in PyTorch 1.13:
// p *= 1 - lr*wd before the Adam step; default weight_decay 1e-2.
#include "optim/adam_like.hpp"

namespace optzoo {

OptimizerInfo adamw_info() {
  OptimizerInfo info;
  info.name = "adamw";
  info.title = "AdamW";
  info.summary = "Adam with decoupled weight decay: the weights shrink by lr*wd each step instead of an L2 term entering the adaptive gradient.";
  info.reference = "Loshchilov & Hutter, Decoupled Weight Decay Regularization, ICLR 2019; torch.optim.AdamW";
  info.equation = "p *= 1 - lr*wd; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)";
  info.hyperparams = adam_schema(1e-2);
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<AdamLike>(h, true); };
  return info;
}

}  // namespace optzoo
