// Adam (Kingma & Ba, ICLR 2015), as torch.optim.Adam in PyTorch 1.13: weight decay
// is an L2 term added to the gradient, amsgrad keeps the running max of raw v.
#include "optim/adam_like.hpp"

namespace optzoo {

OptimizerInfo adam_info() {
  OptimizerInfo info;
  info.name = "adam";
  info.title = "Adam";
  info.summary = "Momentum divided by the root mean square of recent gradients, with bias correction. Weight decay here is L2 (added to the gradient); see adamw for decoupled decay.";
  info.reference = "Kingma & Ba, Adam: A Method for Stochastic Optimization, ICLR 2015; Reddi et al., ICLR 2018 (AMSGrad); torch.optim.Adam";
  info.equation = "g += wd*p; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)";
  info.hyperparams = adam_schema(0.0);
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<AdamLike>(h, false); };
  return info;
}

}  // namespace optzoo
