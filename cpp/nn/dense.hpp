// Fully connected layer y = x W^T + b, W stored [out][in] as torch.nn.Linear.
#pragma once
#include "core/gemm.hpp"
#include "nn/layer.hpp"

namespace optzoo {

template <class T>
class Dense : public Layer<T> {
 public:
  Dense(int in, int out) : in_(in), out_(out) {}
  std::string kind() const override { return "dense"; }
  Shape in_shape() const override { return {in_, 1, 1}; }
  Shape out_shape() const override { return {out_, 1, 1}; }
  int in() const { return in_; }
  int out() const { return out_; }
  std::size_t weight_offset() const { return w_; }
  std::size_t bias_offset() const { return b_; }

  void declare_params(ParamLayout& layout, int index) override {
    const std::string prefix = "layer" + std::to_string(index);
    w_ = layout.add(prefix + ".weight", out_, in_, ParamRole::Weight);
    b_ = layout.add(prefix + ".bias", out_, 1, ParamRole::Bias);
  }

  bool weight_block(WeightBlock* out) const override {
    *out = {w_, b_, out_, in_, in_, out_};
    return true;
  }

  void forward(const T* params, const Tensor<T>& x, Tensor<T>& y) const override {
    y.resize(x.rows, out_);
    // x W^T as x * (W^T): the kernel streams rows of its right operand. The sums start
    // from the bias.
    wt_.resize(static_cast<std::size_t>(in_) * out_);
    transpose(out_, in_, params + w_, wt_.data());
    gemm_bias(x.rows, out_, in_, x.data.data(), wt_.data(), params + b_, y.data.data());
  }

  void backward(const T* params, const Tensor<T>& x, const Tensor<T>&, const Tensor<T>& dy, T* grad,
                Tensor<T>* dx) const override {
    gemm(TransA::Yes, out_, in_, x.rows, dy.data.data(), x.data.data(), grad + w_, true);  // dW += dy^T x
    add_column_sums(dy.rows, out_, dy.data.data(), grad + b_);  // db += sum over rows of dy, in row order
    if (dx) {
      dx->resize(x.rows, in_);
      gemm(TransA::No, x.rows, in_, out_, dy.data.data(), params + w_, dx->data.data(), false);  // dx = dy W
    }
  }

 private:
  int in_, out_;
  std::size_t w_ = 0, b_ = 0;
  mutable AlignedVector<T> wt_;  // scratch for W^T
};

}  // namespace optzoo
