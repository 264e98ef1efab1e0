// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay,
// exactly as torch.optim.SGD (PyTorch 1.13):
//   g <- g + wd p;  b <- g on the first step, else m b + (1 - dampening) g
//   d <- g + m b (nesterov) or b;  p <- p - lr d
// Robbins & Monro (1951); Sutskever et al. (2013) for this momentum form.
#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Sgd : public Optimizer {
 public:
  explicit Sgd(const Hyperparams& h)
      : lr_(h.num("lr")), momentum_(h.num("momentum")), dampening_(h.num("dampening")),
        weight_decay_(h.num("weight_decay")), nesterov_(h.flag("nesterov")) {}

  OptimizerState init(const float*, std::size_t n) const override {
    return zero_slots(n, momentum_ != 0.0 ? 1 : 0);
  }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const SgdCoeffs c{static_cast<float>(lr_ * ctx.lr_scale), static_cast<float>(momentum_),
                      static_cast<float>(1.0 - dampening_), static_cast<float>(weight_decay_), nesterov_, s.step == 0};
    sgd_kernel(c, p, grad, momentum_ != 0.0 ? s.slots[0].data() : nullptr, n);
    ++s.step;
  }

 private:
  double lr_, momentum_, dampening_, weight_decay_;
  bool nesterov_;
};

}  // namespace

OptimizerInfo sgd_info() {
  OptimizerInfo info;
  info.name = "sgd";
  info.title = "SGD";
  info.summary = "Stochastic gradient descent, optionally with momentum (PyTorch form: the buffer sums raw gradients) and Nesterov look-ahead.";
  info.reference = "Robbins & Monro (1951); Sutskever et al., ICML 2013; torch.optim.SGD";
  info.equation = "b = m*b + (1-dampening)*(g + wd*p);  p -= lr * (nesterov ? g + m*b : b)";
  info.hyperparams = {lr_param(0.01),
                      number("momentum", 0.0, at_least(0), "momentum factor m"),
                      number("dampening", 0.0, closed(0, 1), "dampening for momentum: the buffer adds (1 - dampening) g"),
                      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the gradient"),
                      boolean("nesterov", false, "Nesterov momentum (needs momentum > 0 and dampening = 0)")};
  info.rosenbrock_settings = {{"lr", 1e-3}};  // lr 0.01 exceeds 2/L in Rosenbrock's valley
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> {
    if (h.flag("nesterov") && (h.num("momentum") <= 0 || h.num("dampening") != 0))
      throw Error("nesterov", "needs momentum > 0 and dampening = 0 (as in torch.optim.SGD)");
    return std::make_unique<Sgd>(h);
  };
  return info;
}

}  // namespace optzoo
