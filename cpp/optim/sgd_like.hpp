// SGD and SGDW share one implementation; they differ only in where weight decay enters,
// as Adam and AdamW do (adam_like.hpp): sgd adds wd*p to the gradient (L2, as
// torch.optim.SGD), sgdw first shrinks p by (1 - lr*wd) (decoupled, Loshchilov &
// Hutter 2019, with PyTorch AdamW's convention that the decay scales with lr).
//
// Momentum is given either as PyTorch's factor `momentum` or as McAllester's averaging
// horizon `n_g` (TTIC 31230, 003, momentum in N_g form: v = (1 - 1/N_g) v + lr g),
// i.e. momentum = 1 - 1/n_g. Giving both is an error.
#pragma once
#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {

// The momentum factor from `momentum` or `n_g` (0 = not given), after checking that
// at most one of them is set.
inline double sgd_momentum(const Hyperparams& h) {
  const double m = h.num("momentum"), n_g = h.num("n_g");
  if (n_g == 0) return m;
  if (n_g < 1) throw Error("n_g", "must be >= 1 (an averaging horizon in steps) or 0 to use momentum, got " + format_number(n_g));
  if (m != 0)
    throw Error("n_g", "cannot be combined with momentum (" + format_number(m) +
                           "); give one of them: momentum = 1 - 1/n_g");
  return 1.0 - 1.0 / n_g;
}

class SgdLike : public Optimizer {
 public:
  SgdLike(const Hyperparams& h, bool decoupled)
      : lr_(h.num("lr")), momentum_(sgd_momentum(h)), dampening_(h.num("dampening")),
        weight_decay_(h.num("weight_decay")), nesterov_(h.flag("nesterov")), decoupled_(decoupled) {
    if (nesterov_ && (momentum_ <= 0 || dampening_ != 0))
      throw Error("nesterov", "needs momentum > 0 (or n_g > 1) and dampening = 0 (as in torch.optim.SGD)");
  }

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, momentum_ != 0.0 ? 1 : 0); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double lr = lr_ * ctx.lr_scale;
    if (decoupled_) {
      const float decay = static_cast<float>(1.0 - lr * weight_decay_);
      for (std::size_t i = 0; i < n; ++i) p[i] *= decay;
    }
    const SgdCoeffs c{static_cast<float>(lr), static_cast<float>(momentum_), static_cast<float>(1.0 - dampening_),
                      decoupled_ ? 0.0f : static_cast<float>(weight_decay_), nesterov_, s.step == 0};
    sgd_kernel(c, p, grad, momentum_ != 0.0 ? s.slots[0].data() : nullptr, n);
    ++s.step;
  }

 private:
  double lr_, momentum_, dampening_, weight_decay_;
  bool nesterov_, decoupled_;
};

inline std::vector<HyperparamSpec> sgd_schema(double weight_decay, const std::string& decay_doc) {
  return {lr_param(0.01),
          number("momentum", 0.0, at_least(0), "momentum factor m"),
          number("n_g", 0.0, at_least(0), "momentum as an averaging horizon N_g in steps: momentum = 1 - 1/n_g (0 = use momentum; not both)"),
          number("dampening", 0.0, closed(0, 1), "dampening for momentum: the buffer adds (1 - dampening) g"),
          number("weight_decay", weight_decay, at_least(0), decay_doc),
          boolean("nesterov", false, "Nesterov momentum (needs momentum > 0 and dampening = 0)")};
}

}  // namespace optzoo
