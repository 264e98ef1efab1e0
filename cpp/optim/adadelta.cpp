// Adadelta (Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method"), as
// torch.optim.Adadelta in PyTorch 1.13: the step is the ratio of the RMS of past
// updates to the RMS of gradients, both with eps inside the root; lr scales it.
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Adadelta : public Optimizer {
 public:
  explicit Adadelta(const Hyperparams& h)
      : lr_(h.num("lr")), rho_(h.num("rho")), eps_(h.num("eps")), wd_(h.num("weight_decay")) {}

  // slots: square_avg (of gradients), acc_delta (of updates)
  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const float lr = static_cast<float>(lr_ * ctx.lr_scale), rho = static_cast<float>(rho_),
                omr = static_cast<float>(1.0 - rho_), eps = static_cast<float>(eps_), wd = static_cast<float>(wd_);
    float *sq = s.slots[0].data(), *acc = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      const float g = grad[i] + wd * p[i];
      sq[i] = sq[i] * rho + omr * g * g;
      const float std_ = std::sqrt(sq[i] + eps);
      const float delta = std::sqrt(acc[i] + eps) / std_ * g;
      acc[i] = acc[i] * rho + omr * delta * delta;
      p[i] = p[i] + (-lr) * delta;
    }
  }

 private:
  double lr_, rho_, eps_, wd_;
};

}  // namespace

OptimizerInfo adadelta_info() {
  OptimizerInfo info;
  info.name = "adadelta";
  info.title = "Adadelta";
  info.summary = "Scales each gradient by the ratio of the RMS of recent updates to the RMS of recent gradients, so the step has the units of the parameters.";
  info.reference = "Zeiler, ADADELTA: An Adaptive Learning Rate Method, arXiv:1212.5701, 2012; torch.optim.Adadelta";
  info.equation = "g += wd*p; v = rho*v + (1-rho)*g^2; d = sqrt(u + eps)/sqrt(v + eps)*g; u = rho*u + (1-rho)*d^2; p -= lr*d";
  info.hyperparams = {lr_param(1.0),
                      number("rho", 0.9, closed(0, 1), "decay rate of the running averages"),
                      number("eps", 1e-6, at_least(0), "added inside both square roots", true),
                      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the gradient")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Adadelta>(h); };
  return info;
}

}  // namespace optzoo
