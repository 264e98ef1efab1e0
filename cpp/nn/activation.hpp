// Element-wise activations and their derivatives, written from their definitions.
#pragma once
#include <cmath>
#include <string>

namespace optzoo {

enum class Activation { Identity, Relu, Tanh, Sigmoid, Gelu };

// Throws nothing; returns false for an unknown name so callers can name the field.
bool parse_activation(const std::string& name, Activation* out);
const char* activation_name(Activation a);

template <class T>
T activate(Activation a, T x) {
  switch (a) {
    case Activation::Identity: return x;
    case Activation::Relu: return x > T(0) ? x : T(0);
    case Activation::Tanh: return std::tanh(x);
    case Activation::Sigmoid: return T(1) / (T(1) + std::exp(-x));
    case Activation::Gelu: return T(0.5) * x * (T(1) + std::erf(x * T(0.70710678118654752440)));  // exact GELU, as torch's default
  }
  return x;
}

// d activation / dx, given the input x and the output y = activate(x).
template <class T>
T activate_derivative(Activation a, T x, T y) {
  switch (a) {
    case Activation::Identity: return T(1);
    case Activation::Relu: return x > T(0) ? T(1) : T(0);
    case Activation::Tanh: return T(1) - y * y;
    case Activation::Sigmoid: return y * (T(1) - y);
    case Activation::Gelu: {
      const T cdf = T(0.5) * (T(1) + std::erf(x * T(0.70710678118654752440)));
      const T pdf = std::exp(T(-0.5) * x * x) * T(0.39894228040143267794);
      return cdf + x * pdf;
    }
  }
  return T(1);
}

}  // namespace optzoo
