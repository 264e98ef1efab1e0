// Max and average pooling over size x size windows, as torch.nn.MaxPool2d and
// AvgPool2d (no padding, floor mode; stride defaults to the window size). Rows are
// examples in [channels][height][width] order. Max pooling sends the gradient to the
// first largest entry of each window, found again from x in backward.
#pragma once
#include "nn/layer.hpp"

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
    for (int i = 0; i < x.rows; ++i)
      for (int c = 0; c < o.channels; ++c)
        for (int oy = 0; oy < o.height; ++oy)
          for (int ox = 0; ox < o.width; ++ox) {
            T v;
            if (kind_ == PoolKind::Max) {
              v = *window_max(x.row(i), c, oy, ox);
            } else {
              v = T(0);
              for (int a = 0; a < size_; ++a)
                for (int b = 0; b < size_; ++b) v += at(x.row(i), c, oy * stride_ + a, ox * stride_ + b);
              v *= inv;
            }
            y.row(i)[(c * o.height + oy) * o.width + ox] = v;
          }
  }

  void backward(const T*, const Tensor<T>& x, const Tensor<T>&, const Tensor<T>& dy, T*, Tensor<T>* dx) const override {
    if (!dx) return;
    const Shape o = out_shape();
    dx->resize(x.rows, in_.size());
    std::fill(dx->data.begin(), dx->data.end(), T(0));
    const T inv = T(1) / T(size_ * size_);
    for (int i = 0; i < x.rows; ++i)
      for (int c = 0; c < o.channels; ++c)
        for (int oy = 0; oy < o.height; ++oy)
          for (int ox = 0; ox < o.width; ++ox) {
            const T d = dy.row(i)[(c * o.height + oy) * o.width + ox];
            if (kind_ == PoolKind::Max) {
              dx->row(i)[window_max(x.row(i), c, oy, ox) - x.row(i)] += d;
            } else {
              for (int a = 0; a < size_; ++a)
                for (int b = 0; b < size_; ++b)
                  dx->row(i)[(c * in_.height + oy * stride_ + a) * in_.width + ox * stride_ + b] += d * inv;
            }
          }
  }

 private:
  T at(const T* img, int c, int y, int x) const { return img[(c * in_.height + y) * in_.width + x]; }
  const T* window_max(const T* img, int c, int oy, int ox) const {
    const T* best = img + (c * in_.height + oy * stride_) * in_.width + ox * stride_;
    for (int a = 0; a < size_; ++a)
      for (int b = 0; b < size_; ++b) {
        const T* p = img + (c * in_.height + oy * stride_ + a) * in_.width + ox * stride_ + b;
        if (*p > *best) best = p;
      }
    return best;
  }

  Shape in_;
  PoolKind kind_;
  int size_, stride_;
};

}  // namespace optzoo
