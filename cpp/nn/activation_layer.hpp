#pragma once
#include <type_traits>

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
    with_activation([&](auto a) { forward_loop<decltype(a)::value>(x.data.data(), y.data.data(), x.size()); });
  }
  void backward(const T*, const Tensor<T>& x, const Tensor<T>& y, const Tensor<T>& dy, T*,
                Tensor<T>* dx) const override {
    if (!dx) return;
    dx->resize(x.rows, x.cols);
    with_activation([&](auto a) {
      backward_loop<decltype(a)::value>(x.data.data(), y.data.data(), dy.data.data(), dx->data.data(), x.size());
    });
  }

 private:
  // The element loops with the activation fixed at compile time, so that the switch
  // leaves the loop and the compiler vectorises ReLU (the same operations per element).
  template <class F>
  void with_activation(F&& f) const {
    switch (a_) {
      case Activation::Identity: return f(std::integral_constant<Activation, Activation::Identity>());
      case Activation::Relu: return f(std::integral_constant<Activation, Activation::Relu>());
      case Activation::Tanh: return f(std::integral_constant<Activation, Activation::Tanh>());
      case Activation::Sigmoid: return f(std::integral_constant<Activation, Activation::Sigmoid>());
      case Activation::Gelu: return f(std::integral_constant<Activation, Activation::Gelu>());
    }
  }
  template <Activation A>
  static void forward_loop(const T* __restrict x, T* __restrict y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] = activate(A, x[i]);
  }
  template <Activation A>
  static void backward_loop(const T* __restrict x, const T* __restrict y, const T* __restrict dy, T* __restrict dx,
                            std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * activate_derivative(A, x[i], y[i]);
  }

  Activation a_;
  Shape shape_;
};

}  // namespace optzoo
