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

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;
  virtual std::string kind() const = 0;
  virtual Shape in_shape() const = 0;
  virtual Shape out_shape() const = 0;

  // Registers this layer's parameters in the layout; called once, in order.
  virtual void declare_params(ParamLayout& layout, int index) { (void)layout, (void)index; }
  // Default initialisation of this layer's parameters inside the flat buffer.
  virtual void init_params(T* params, Rng& rng) const { (void)params, (void)rng; }

  virtual void forward(const T* params, const Tensor<T>& x, Tensor<T>& y) const = 0;
  // Given x, y = forward(x) and dy = dL/dy: adds dL/dparams into grad (which holds
  // the whole flat gradient) and, if dx is non-null, writes dL/dx.
  virtual void backward(const T* params, const Tensor<T>& x, const Tensor<T>& y, const Tensor<T>& dy, T* grad,
                        Tensor<T>* dx) const = 0;
};

}  // namespace optzoo
