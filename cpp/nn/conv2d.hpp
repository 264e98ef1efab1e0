// 2-D convolution as torch.nn.Conv2d (cross-correlation, zero padding, no dilation or
// groups). Input and output rows are one example each, in [channels][height][width]
// order; the weight is [filters][channels*k*k], i.e. torch's [F][C][k][k] flattened.
// Per example the products are GEMMs on the shared (SIMD128) kernel. Written with col,
// the im2col matrix (Chellapilla et al., 2006), they are
//   forward   Y^T[P][F]   = col^T[P][CKK] W^T[CKK][F] + b
//   backward  dW^T[CKK][F] += col[CKK][P] dY^T[P][F],   db += sum_P dY,
//             dcol[CKK][P] = W^T dY,   dx = col2im(dcol)
// col is never formed: the image is copied once into a zero-padded buffer, in which
// col[tap][pixel] sits at tap offset + pixel offset, and the gathering GEMM reads it
// there. The forward pass runs with pixels as rows and filters as the vector lanes, so
// its tile is full for 8 or 16 filters. The weight gradient is summed over the batch in
// a [CKK][F] scratch and added into grad once. Every entry sums its terms in the order
// the plain im2col loops would, so the result is bit-identical to them (tests/cpp/test_cnn).
#pragma once
#include <vector>

#include "core/gemm.hpp"
#include "nn/im2col.hpp"
#include "nn/layer.hpp"

namespace optzoo {

template <class T>
class Conv2d : public Layer<T> {
 public:
  Conv2d(Shape in, int filters, int kernel, int stride, int padding)
      : g_{in, kernel, stride, padding}, filters_(filters) {}
  static Shape output_shape(Shape in, int filters, int kernel, int stride, int padding) {
    const ConvGeometry g{in, kernel, stride, padding};
    return {filters, g.out_h(), g.out_w()};
  }

  std::string kind() const override { return "conv2d"; }
  Shape in_shape() const override { return g_.in; }
  Shape out_shape() const override { return {filters_, g_.out_h(), g_.out_w()}; }

  void declare_params(ParamLayout& layout, int index) override {
    const std::string prefix = "layer" + std::to_string(index);
    w_ = layout.add(prefix + ".weight", filters_, g_.patch(), ParamRole::Weight);
    b_ = layout.add(prefix + ".bias", filters_, 1, ParamRole::Bias);
  }
  bool weight_block(WeightBlock* out) const override {
    *out = {w_, b_, filters_, g_.patch(), g_.patch(), filters_ * g_.kernel * g_.kernel};
    return true;
  }

  void forward(const T* params, const Tensor<T>& x, Tensor<T>& y) const override {
    const int P = g_.pixels(), K = g_.patch(), F = filters_;
    prepare();
    y.resize(x.rows, F * P);
    transpose(F, K, params + w_, wt_.data());
    for (int i = 0; i < x.rows; ++i) {
      for (int p = 0; p < P; ++p)
        for (int f = 0; f < F; ++f) yt_[static_cast<std::size_t>(p) * F + f] = params[b_ + f];
      gemm_gather(P, F, K, padded(x.row(i)), pixels_.data(), taps_.data(), wt_.data(), yt_.data(), true);
      transpose(P, F, yt_.data(), y.row(i));
    }
  }

  void backward(const T* params, const Tensor<T>& x, const Tensor<T>&, const Tensor<T>& dy, T* grad,
                Tensor<T>* dx) const override {
    const int P = g_.pixels(), K = g_.patch(), F = filters_;
    prepare();
    dwt_.assign(static_cast<std::size_t>(K) * F, T(0));
    if (dx) {
      dx->resize(x.rows, g_.in.size());
      if (!wide()) std::fill(dx->data.begin(), dx->data.end(), T(0));
    }
    T* db = grad + b_;
    for (int i = 0; i < x.rows; ++i) {
      const T* dyi = dy.row(i);
      transpose(F, P, dyi, yt_.data());
      gemm_gather(K, F, P, padded(x.row(i)), taps_.data(), pixels_.data(), yt_.data(), dwt_.data(), true);
      for (int f = 0; f < F; ++f) {
        T sum = db[f];  // in a register: db may alias nothing, but the compiler cannot know
        for (int p = 0; p < P; ++p) sum += dyi[f * P + p];
        db[f] = sum;
      }
      if (dx) input_gradient(params + w_, dyi, dx->row(i));
    }
    T* dw = grad + w_;
    for (int f = 0; f < F; ++f)
      for (int k = 0; k < K; ++k) dw[f * K + k] += dwt_[static_cast<std::size_t>(k) * F + f];
  }

 private:
  // dx = col2im(W^T dY). With stride 1 it runs on the wide grid: output pixel (oy, ox)
  // at q = oy*Wp + ox, the Wp - wo columns past each row's end zero in dY. Then every
  // row of dcol is added onto the padded image in one contiguous run, at its tap's
  // offset. The wide columns add +0 (0*w summed from 0), which changes no bits, and each
  // pixel still gets its taps in col2im's order.
  bool wide() const { return g_.stride == 1; }
  int wide_columns() const { return (g_.out_h() - 1) * padded_width() + g_.out_w(); }
  void input_gradient(const T* w, const T* dy, T* dx) const {
    const int P = g_.pixels(), K = g_.patch(), F = filters_;
    if (!wide()) {
      gemm(TransA::Yes, K, P, F, w, dy, dcol_.data(), false);
      return col2im_add(g_, dcol_.data(), dx);
    }
    const int n = wide_columns(), wp = padded_width(), wo = g_.out_w(), H = g_.in.height, W = g_.in.width;
    for (int f = 0; f < F; ++f)
      for (int oy = 0; oy < g_.out_h(); ++oy) copy_row(dy + (f * g_.out_h() + oy) * wo, dy_wide_.data() + static_cast<long>(f) * n + oy * wp, wo);
    gemm(TransA::Yes, K, n, F, w, dy_wide_.data(), dcol_.data(), false);
    zero_row(dimage_.data(), static_cast<int>(dimage_.size()));
    for (int k = 0; k < K; ++k) add_row(dcol_.data() + static_cast<long>(k) * n, dimage_.data() + taps_[k], n);
    for (int c = 0; c < g_.in.channels; ++c)
      for (int y = 0; y < H; ++y)
        copy_row(dimage_.data() + (static_cast<long>(c) * padded_height() + y + g_.padding) * wp + g_.padding,
                 dx + (static_cast<long>(c) * H + y) * W, W);
  }

  int padded_height() const { return g_.in.height + 2 * g_.padding; }
  int padded_width() const { return g_.in.width + 2 * g_.padding; }

  // The offsets the gathering GEMM reads col at, and the scratch, sized once: a tap
  // (c, ki, kj) starts at c*Hp*Wp + ki*Wp + kj in the padded image, and output pixel
  // (oy, ox) adds oy*s*Wp + ox*s.
  void prepare() const {
    if (!taps_.empty()) return;
    const int k = g_.kernel, hp = padded_height(), wp = padded_width();
    for (int c = 0; c < g_.in.channels; ++c)
      for (int ki = 0; ki < k; ++ki)
        for (int kj = 0; kj < k; ++kj) taps_.push_back((c * hp + ki) * wp + kj);
    for (int oy = 0; oy < g_.out_h(); ++oy)
      for (int ox = 0; ox < g_.out_w(); ++ox) pixels_.push_back(oy * g_.stride * wp + ox * g_.stride);
    image_.assign(static_cast<std::size_t>(g_.in.channels) * hp * wp, T(0));  // the border stays zero
    wt_.resize(static_cast<std::size_t>(g_.patch()) * filters_);
    yt_.resize(static_cast<std::size_t>(g_.pixels()) * filters_);
    const int columns = wide() ? wide_columns() : g_.pixels();
    dcol_.resize(static_cast<std::size_t>(g_.patch()) * columns);
    if (wide()) {
      dy_wide_.assign(static_cast<std::size_t>(filters_) * columns, T(0));  // the wide columns stay zero
      dimage_.resize(image_.size());
    }
  }

  // One example in the zero-padded buffer (or in place, without padding).
  const T* padded(const T* x) const {
    if (g_.padding == 0) return x;
    const int H = g_.in.height, W = g_.in.width, wp = padded_width(), hp = padded_height();
    for (int c = 0; c < g_.in.channels; ++c)
      for (int y = 0; y < H; ++y)
        copy_row(x + (static_cast<long>(c) * H + y) * W, image_.data() + (static_cast<long>(c) * hp + y + g_.padding) * wp + g_.padding, W);
    return image_.data();
  }

  ConvGeometry g_;
  int filters_;
  std::size_t w_ = 0, b_ = 0;
  // Scratch, reused every step: offsets into the padded image, the image, W^T, one
  // example's output or output gradient transposed ([P][F]), the weight gradient
  // transposed, and for the input gradient dY on the wide grid, col, and the padded dx.
  mutable std::vector<int> taps_, pixels_;
  mutable AlignedVector<T> image_, wt_, yt_, dwt_, dy_wide_, dcol_, dimage_;
};

}  // namespace optzoo
