// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay,
// exactly as torch.optim.SGD (PyTorch 1.13):
//   g <- g + wd p;  b <- g on the first step, else m b + (1 - dampening) g
//   d <- g + m b (nesterov) or b;  p <- p - lr d
// Robbins & Monro (1951); Sutskever et al. (2013) for this momentum form.
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Sgd : public Optimizer {
 public:
  explicit Sgd(const Hyperparams& h)
      : lr_(h.num("lr")), momentum_(h.num("momentum")), dampening_(h.num("dampening")),
        weight_decay_(h.num("weight_decay")), nesterov_(h.flag("nesterov")) {}

  OptimizerState init(const float*, std::size_t n) const override {
    OptimizerState s;
    if (momentum_ != 0.0) s.slots.assign(1, std::vector<float>(n, 0.0f));
    return s;
  }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const float lr = static_cast<float>(lr_ * ctx.lr_scale), m = static_cast<float>(momentum_),
                keep = static_cast<float>(1.0 - dampening_), wd = static_cast<float>(weight_decay_);
    const bool first = s.step == 0;
    float* buf = momentum_ != 0.0 ? s.slots[0].data() : nullptr;
    for (std::size_t i = 0; i < n; ++i) {
      float g = grad[i];
      if (wd != 0.0f) g = g + wd * p[i];
      if (buf) {
        buf[i] = first ? g : m * buf[i] + keep * g;
        g = nesterov_ ? g + m * buf[i] : buf[i];
      }
      p[i] = p[i] - lr * g;
    }
    ++s.step;
  }

  void set_lr(double lr) override { lr_ = lr; }

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
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> {
    if (h.flag("nesterov") && (h.num("momentum") <= 0 || h.num("dampening") != 0))
      throw Error("nesterov", "needs momentum > 0 and dampening = 0 (as in torch.optim.SGD)");
    return std::make_unique<Sgd>(h);
  };
  return info;
}

}  // namespace optzoo
