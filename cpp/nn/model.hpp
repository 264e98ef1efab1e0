// A feed-forward model: a chain of layers over one flat parameter buffer.
// Templated on the scalar type so that gradient checks run in double while the
// product trains in float.
#pragma once
#include <memory>
#include <vector>

#include "nn/init.hpp"
#include "nn/layer.hpp"
#include "nn/loss.hpp"

namespace optzoo {

template <class T>
class Model {
 public:
  void add(std::unique_ptr<Layer<T>> layer) {
    layer->declare_params(layout_, static_cast<int>(layers_.size()));
    layers_.push_back(std::move(layer));
    acts_.resize(layers_.size() + 1);
    grads_.resize(layers_.size() + 1);
  }

  const ParamLayout& layout() const { return layout_; }
  std::size_t num_params() const { return layout_.size(); }
  const std::vector<std::unique_ptr<Layer<T>>>& layers() const { return layers_; }
  int in_size() const { return layers_.front()->in_shape().size(); }
  int out_size() const { return layers_.back()->out_shape().size(); }

  // Every weight block in layer order, each filled by the scheme (weights, then biases).
  void init_params(T* params, Rng& rng, InitScheme scheme = InitScheme::Pytorch) const {
    WeightBlock block;
    for (const auto& l : layers_)
      if (l->weight_block(&block)) init_block(scheme, block, rng, params);
  }

  // x is [n][in_size()], row-major. The result stays valid until the next call.
  const Tensor<T>& forward(const T* params, const T* x, int n) {
    Tensor<T>& in = acts_[0];
    in.resize(n, in_size());
    std::copy(x, x + in.size(), in.data.begin());
    for (std::size_t l = 0; l < layers_.size(); ++l) layers_[l]->forward(params, acts_[l], acts_[l + 1]);
    return acts_.back();
  }

  // Runs layers first, first+1, ... on `input`, the activation entering layer `first`.
  // Lets a caller that computed the early layers itself (ES's batched perturbations)
  // finish the pass.
  const Tensor<T>& forward_from(std::size_t first, const T* params, const Tensor<T>& input) {
    acts_[first] = input;
    for (std::size_t l = first; l < layers_.size(); ++l) layers_[l]->forward(params, acts_[l], acts_[l + 1]);
    return acts_.back();
  }

  double loss(const T* params, const T* x, int n, LossKind kind, const TargetView& t) {
    return loss_and_output_grad(kind, forward(params, x, n), t, static_cast<Tensor<T>*>(nullptr));
  }

  // Mean loss over the n examples; grad (num_params() long) receives its gradient.
  double loss_and_grad(const T* params, const T* x, int n, LossKind kind, const TargetView& t, T* grad) {
    const Tensor<T>& out = forward(params, x, n);
    const double value = loss_and_output_grad(kind, out, t, &grads_.back());
    backpropagate(params, grad);
    return value;
  }

  // Back-propagates `dout`, any gradient at the output of the last forward pass (the
  // curvature methods' probes), into grad (num_params() long, overwritten).
  void backward_from(const T* params, const Tensor<T>& dout, T* grad) {
    grads_.back() = dout;
    backpropagate(params, grad);
  }

  // After a backward pass: the input of layer l and the gradient at its output, one
  // row per example (K-FAC's activations and pre-activation derivatives).
  const Tensor<T>& input_of(std::size_t l) const { return acts_[l]; }
  const Tensor<T>& output_grad_of(std::size_t l) const { return grads_[l + 1]; }

 private:
  void backpropagate(const T* params, T* grad) {
    std::fill(grad, grad + num_params(), T(0));
    for (std::size_t l = layers_.size(); l-- > 0;) {
      Tensor<T>* dx = l > 0 ? &grads_[l] : nullptr;
      layers_[l]->backward(params, acts_[l], acts_[l + 1], grads_[l + 1], grad, dx);
    }
  }

  ParamLayout layout_;
  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::vector<Tensor<T>> acts_;   // acts_[l] is the input of layer l
  std::vector<Tensor<T>> grads_;  // grads_[l] is dL/d acts_[l]
};

}  // namespace optzoo
