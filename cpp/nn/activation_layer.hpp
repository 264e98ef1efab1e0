#pragma once
#include "nn/activation.hpp"
#include "nn/layer.hpp"

namespace optzoo {

template <class T>
class ActivationLayer : public Layer<T> {
 public:
  ActivationLayer(Activation a, Shape shape) : a_(a), shape_(shape) {}
  std::string kind() const override { return activation_name(a_); }
  Shape in_shape() const override { return shape_; }
  Shape out_shape() const override { return shape_; }

  void forward(const T*, const Tensor<T>& x, Tensor<T>& y) const override {
    y.resize(x.rows, x.cols);
    for (std::size_t i = 0; i < x.size(); ++i) y.data[i] = activate(a_, x.data[i]);
  }
  void backward(const T*, const Tensor<T>& x, const Tensor<T>& y, const Tensor<T>& dy, T*,
                Tensor<T>* dx) const override {
    if (!dx) return;
    dx->resize(x.rows, x.cols);
    if (a_ == Activation::Relu) {  // the same products, without a switch per element
      for (std::size_t i = 0; i < x.size(); ++i) dx->data[i] = dy.data[i] * (x.data[i] > T(0) ? T(1) : T(0));
      return;
    }
    for (std::size_t i = 0; i < x.size(); ++i) dx->data[i] = dy.data[i] * activate_derivative(a_, x.data[i], y.data[i]);
  }

 private:
  Activation a_;
  Shape shape_;
};

}  // namespace optzoo
