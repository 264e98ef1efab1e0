// SGDW (Loshchilov & Hutter, Decoupled Weight Decay Regularization, ICLR 2019, Alg. 1):
// SGD with momentum whose weight decay shrinks the weights directly instead of
// entering the gradient (and so the momentum buffer):
//   p <- p (1 - lr wd);  then torch.optim.SGD's step with weight_decay = 0.
// The decay is scaled by lr as in torch.optim.AdamW, so a schedule scales both.
#include "optim/sgd_like.hpp"

namespace optzoo {

OptimizerInfo sgdw_info() {
  OptimizerInfo info;
  info.name = "sgdw";
  info.title = "SGDW";
  info.summary = "SGD with decoupled weight decay: the weights shrink by lr*wd each step instead of an L2 term entering the gradient and the momentum buffer.";
  info.reference = "Loshchilov & Hutter, Decoupled Weight Decay Regularization, ICLR 2019 (SGDW); torch.optim.SGD and AdamW conventions";
  info.equation = "p *= 1 - lr*wd; m = momentum or 1 - 1/n_g; b = m*b + (1-dampening)*g;  p -= lr * (nesterov ? g + m*b : b)";
  info.hyperparams = sgd_schema(1e-2, "decoupled weight decay: p *= 1 - lr*wd before the step (AdamW's convention)");
  info.rosenbrock_settings = {{"lr", 1e-3}};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<SgdLike>(h, true); };
  return info;
}

}  // namespace optzoo
