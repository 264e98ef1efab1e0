// A layer maps a batch [n][in] to a batch [n][out]. Layers hold configuration and
// the offsets of their parameters in the model's flat buffer, never activations:
// those live in the Model's workspace, so one model can serve many runs.
#pragma once
#include <memory>
#include <string>

#include "core/param_layout.hpp"
#include "core/rng.hpp"
#include "nn/tensor.hpp"

namespace optzoo {

// Where a layer keeps its weight matrix (one row per output neuron or filter) and its
// biases, for initialisation schemes and explicit initial values.
struct WeightBlock {
  std::size_t weight = 0, bias = 0;  // offsets in the flat buffer
  int rows = 0, cols = 0;            // weight is [rows][cols]; bias is [rows]
  int fan_in = 0, fan_out = 0;       // as torch.nn.init._calculate_fan_in_and_fan_out
};

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;
  virtual std::string kind() const = 0;
  virtual Shape in_shape() const = 0;
  virtual Shape out_shape() const = 0;

  // Registers this layer's parameters in the layout; called once, in order.
  virtual void declare_params(ParamLayout& layout, int index) { (void)layout, (void)index; }
  // The layer's weight matrix and biases, if it has any.
  virtual bool weight_block(WeightBlock* out) const { (void)out; return false; }

  virtual void forward(const T* params, const Tensor<T>& x, Tensor<T>& y) const = 0;
  // Given x, y = forward(x) and dy = dL/dy: adds dL/dparams into grad (which holds
  // the whole flat gradient) and, if dx is non-null, writes dL/dx.
  virtual void backward(const T* params, const Tensor<T>& x, const Tensor<T>& y, const Tensor<T>& dy, T* grad,
                        Tensor<T>* dx) const = 0;
};

}  // namespace optzoo
