// Lookahead (Zhang, Lucas, Hinton & Ba, NeurIPS 2019, Algorithm 1) around any
// registered gradient optimizer: the inner ("fast") optimizer takes k steps, then the
// slow weights move a fraction alpha towards the fast ones and the fast weights
// restart from there:  phi <- phi + alpha (theta - phi);  theta <- phi.
// The inner optimizer keeps its own state across synchronisations (as in the paper).
#include <nlohmann/json.hpp>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

// The inner optimizer from its spec {"optimizer": name, ...hyperparameters}, with
// errors that name the nested path.
std::unique_ptr<Optimizer> make_inner(const Json& spec, const std::string& path) {
  SpecObject r(spec, path);
  const std::string name = r.string("optimizer", {});
  const OptimizerInfo* info = find_optimizer(name);
  if (!info) throw Error(r.path("optimizer"), "is not a known optimizer: \"" + name + "\"");
  if (info->caps.needs_objective || info->caps.needs_per_example || info->caps.needs_gradient_at || info->caps.needs_curvature)
    throw Error(r.path("optimizer"), "must be an optimizer that uses only the gradient, got \"" + name + "\"");
  const Hyperparams h = read_hyperparams(info->hyperparams, r);
  r.finish();
  try {
    return info->make(h);
  } catch (const Error& e) {
    throw Error("", path + "." + e.what());
  }
}

class Lookahead : public Optimizer {
 public:
  explicit Lookahead(const Hyperparams& h)
      : k_(static_cast<int64_t>(h.num("k"))), alpha_(h.num("alpha")), inner_(make_inner(Json::parse(h.spec("inner")), "inner")) {}

  // slots[0]: slow weights phi; inner[0]: the inner optimizer's state.
  OptimizerState init(const float* params, std::size_t n) const override {
    OptimizerState s;
    s.slots.emplace_back(params, params + n);
    s.inner.push_back(inner_->init(params, n));
    return s;
  }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    inner_->update(p, g, n, s.inner[0], ctx);
    if (++s.step % k_ != 0) return;
    const float alpha = static_cast<float>(alpha_);
    float* slow = s.slots[0].data();
    for (std::size_t i = 0; i < n; ++i) {
      slow[i] = slow[i] + alpha * (p[i] - slow[i]);
      p[i] = slow[i];
    }
  }

 private:
  int64_t k_;
  double alpha_;
  std::unique_ptr<Optimizer> inner_;
};

}  // namespace

OptimizerInfo lookahead_info() {
  OptimizerInfo info;
  info.name = "lookahead";
  info.title = "Lookahead";
  info.summary = "Wraps any optimizer: it explores k fast steps, then the slow weights move part of the way towards where it went, damping oscillation.";
  info.reference = "Zhang, Lucas, Hinton & Ba, Lookahead Optimizer: k steps forward, 1 step back, NeurIPS 2019";
  info.equation = "theta = inner step (k times); phi = phi + alpha*(theta - phi); theta = phi";
  info.hyperparams = {integer("k", 5, at_least(1), "fast steps between synchronisations"),
                      number("alpha", 0.5, {0, 1, true, false}, "slow-weight step size, in (0, 1]"),
                      spec_param("inner", R"({"optimizer": "adam", "lr": 0.001})",
                                 "the inner optimizer: {\"optimizer\": name, ...its hyperparameters}",
                                 [](const Json& spec, const std::string& path) { make_inner(spec, path); })};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Lookahead>(h); };
  return info;
}

}  // namespace optzoo
