// Fisher statistics of a network of dense layers: output-space probes (nn/output_fisher)
// back-propagated in one batched pass, with each dense layer's inputs and output
// gradients kept for natural gradient and K-FAC.
#include <algorithm>

#include "core/error.hpp"
#include "nn/dense.hpp"
#include "nn/output_fisher.hpp"
#include "problems/network_problem.hpp"

namespace optzoo {

// A multiply and an add per weight and output position (a filter is applied at every
// position of its output map; a dense row once).
double NetworkProblem::forward_flops() const {
  double flops = 0;
  WeightBlock block;
  for (const auto& layer : model_.layers())
    if (layer->weight_block(&block))
      flops += 2.0 * block.rows * block.cols * (static_cast<double>(layer->out_shape().size()) / block.rows);
  return flops;
}

std::string NetworkProblem::fisher_unsupported() const {
  for (const auto& layer : model_.layers()) {
    const std::string kind = layer->kind();
    if (kind == "conv2d" || kind == "maxpool" || kind == "avgpool")
      return "needs a network of dense layers (an mlp): its Fisher statistics are not implemented for " + kind +
             " layers";
  }
  return "";
}

void NetworkProblem::fisher_probes(const float* params, const Batch& batch, FisherKind kind, Rng& rng,
                                   FisherProbes& out, int64_t* forward, int64_t* backward) {
  const std::string why = fisher_unsupported();
  if (!why.empty()) throw Error("optimizer", why);
  const float* x;
  TargetView t;
  select(*train_, batch, &x, &t);
  const int n = batch.empty() ? train_->n : static_cast<int>(batch.size());
  const int per = probes_per_example(loss_, kind, model_.out_size());
  output_probes(loss_, kind, model_.forward(params, x, n), t, rng, probe_grad_);
  *forward += n;
  if (per > 1) {
    // Every probe of an example goes back through that example's activations.
    const int features = model_.in_size();
    probe_x_.resize(static_cast<std::size_t>(n) * per * features);
    for (int i = 0; i < n; ++i)
      for (int c = 0; c < per; ++c)
        std::copy(x + static_cast<long>(i) * features, x + static_cast<long>(i + 1) * features,
                  probe_x_.begin() + (static_cast<long>(i) * per + c) * features);
    model_.forward(params, probe_x_.data(), n * per);
    *forward += static_cast<int64_t>(n) * per;
  }
  probe_params_grad_.resize(model_.num_params());
  model_.backward_from(params, probe_grad_, probe_params_grad_.data());
  *backward += static_cast<int64_t>(n) * per;

  out.examples = n;
  out.rows = n * per;
  out.layers.clear();
  const auto& layers = model_.layers();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto* dense = dynamic_cast<const Dense<float>*>(layers[l].get());
    if (!dense) continue;
    DenseProbes d;
    d.weight = dense->weight_offset();
    d.bias = dense->bias_offset();
    d.in = dense->in();
    d.out = dense->out();
    const Tensor<float>& a = model_.input_of(l);
    const Tensor<float>& g = model_.output_grad_of(l);
    d.a.assign(a.data.begin(), a.data.end());
    d.g.assign(g.data.begin(), g.data.end());
    out.layers.push_back(std::move(d));
  }
}

}  // namespace optzoo
