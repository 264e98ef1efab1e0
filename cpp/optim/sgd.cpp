// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay,
// exactly as torch.optim.SGD (PyTorch 1.13):
//   g <- g + wd p;  b <- g on the first step, else m b + (1 - dampening) g
//   d <- g + m b (nesterov) or b;  p <- p - lr d
// Robbins & Monro (1951); Sutskever et al. (2013) for this momentum form.
#include "optim/sgd_like.hpp"

namespace optzoo {

OptimizerInfo sgd_info() {
  OptimizerInfo info;
  info.name = "sgd";
  info.title = "SGD";
  info.summary = "Stochastic gradient descent, optionally with momentum (PyTorch form: the buffer sums raw gradients; or given as a horizon n_g) and Nesterov look-ahead.";
  info.reference = "Robbins & Monro (1951); Sutskever et al., ICML 2013; torch.optim.SGD; McAllester, TTIC 31230 (momentum as N_g)";
  info.equation = "m = momentum or 1 - 1/n_g; b = m*b + (1-dampening)*(g + wd*p);  p -= lr * (nesterov ? g + m*b : b)";
  info.hyperparams = sgd_schema(0.0, "L2 penalty added to the gradient");
  info.rosenbrock_settings = {{"lr", 1e-3}};  // lr 0.01 exceeds 2/L in Rosenbrock's valley
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<SgdLike>(h, false); };
  return info;
}

}  // namespace optzoo
