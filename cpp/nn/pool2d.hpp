// Max and average pooling over size x size windows, as torch.nn.MaxPool2d and
// AvgPool2d (no padding, floor mode; stride defaults to the window size). Rows are
// examples in [channels][height][width] order. Max pooling sends the gradient to the
// first largest entry of each window, found again from x in backward.
#pragma once
#include <algorithm>

#include "nn/layer.hpp"
#include "nn/max_pool_2x2.hpp"

namespace optzoo {

enum class PoolKind { Max, Average };

template <class T>
class Pool2d : public Layer<T> {
 public:
  Pool2d(Shape in, PoolKind kind, int size, int stride) : in_(in), kind_(kind), size_(size), stride_(stride) {}
  static Shape output_shape(Shape in, int size, int stride) {
    return {in.channels, (in.height - size) / stride + 1, (in.width - size) / stride + 1};
  }

  std::string kind() const override { return kind_ == PoolKind::Max ? "maxpool" : "avgpool"; }
  Shape in_shape() const override { return in_; }
  Shape out_shape() const override { return output_shape(in_, size_, stride_); }

  void forward(const T*, const Tensor<T>& x, Tensor<T>& y) const override {
    const Shape o = out_shape();
    y.resize(x.rows, o.size());
    const T inv = T(1) / T(size_ * size_);
    for (int i = 0; i < x.rows; ++i) {
      T* out = y.row(i);
      for (int c = 0; c < o.channels; ++c)
        for (int oy = 0; oy < o.height; ++oy, out += o.width) {
          const T* top = x.row(i) + (c * in_.height + oy * stride_) * in_.width;  // the windows' first row
          if (lenet_max()) {
            max_pool_2x2_row(top, in_.width, out, o.width);
            continue;
          }
          if (kind_ == PoolKind::Max) {
            for (int ox = 0; ox < o.width; ++ox) out[ox] = *window_max(top + ox * stride_);
            continue;
          }
          for (int ox = 0; ox < o.width; ++ox) {
            T v = T(0);
            for (int a = 0; a < size_; ++a)
              for (int b = 0; b < size_; ++b) v += top[a * in_.width + ox * stride_ + b];
            out[ox] = v * inv;
          }
        }
    }
  }

  void backward(const T*, const Tensor<T>& x, const Tensor<T>&, const Tensor<T>& dy, T*, Tensor<T>* dx) const override {
    if (!dx) return;
    const Shape o = out_shape();
    dx->resize(x.rows, in_.size());
    // The 2 x 2 windows write all of dx but a last odd row or column.
    if (!lenet_max() || in_.height % 2 || in_.width % 2) std::fill(dx->data.begin(), dx->data.end(), T(0));
    const T inv = T(1) / T(size_ * size_);
    for (int i = 0; i < x.rows; ++i) {
      const T* d = dy.row(i);
      for (int c = 0; c < o.channels; ++c)
        for (int oy = 0; oy < o.height; ++oy, d += o.width) {
          const long first = (c * in_.height + oy * stride_) * in_.width;
          const T* top = x.row(i) + first;
          T* dtop = dx->row(i) + first;
          if (lenet_max()) {
            max_pool_2x2_row_backward(top, in_.width, d, dtop, o.width);
            continue;
          }
          if (kind_ == PoolKind::Max) {
            for (int ox = 0; ox < o.width; ++ox) dtop[window_max(top + ox * stride_) - top] += d[ox];
            continue;
          }
          for (int ox = 0; ox < o.width; ++ox)
            for (int a = 0; a < size_; ++a)
              for (int b = 0; b < size_; ++b) dtop[a * in_.width + ox * stride_ + b] += d[ox] * inv;
        }
    }
  }

 private:
  bool lenet_max() const { return kind_ == PoolKind::Max && size_ == 2 && stride_ == 2; }
  // The first largest entry of the window whose top-left entry is p.
  const T* window_max(const T* p) const {
    const T* best = p;
    for (int a = 0; a < size_; ++a)
      for (int b = 0; b < size_; ++b) {
        const T* q = p + a * in_.width + b;
        if (*q > *best) best = q;
      }
    return best;
  }

  Shape in_;
  PoolKind kind_;
  int size_, stride_;
};

}  // namespace optzoo
