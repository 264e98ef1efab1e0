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
//
// With stride 1 (and padding < kernel) the input gradient is itself a convolution, the
// transposed one (Dumoulin & Visin, "A guide to convolution arithmetic", 2016, sec. 4):
//   dx[c][y][x] = sum over f, u, v of dY[f][y - q + u][x - q + v] * W[f][c][k-1-u][k-1-v],
// q = k - 1 - padding, dY zero outside. It runs on the same gathering GEMM, over a
// zero-padded copy of dY, with the flipped weights as B: no col2im pass, and no
// products for the padding columns an im2col of dY's shape would hold. Its sums go in
// (f, u, v) order, which the tests' plain loops follow bit for bit.
//
// Behind ReLU and max-pooling most of dY is zero; when the batch's dY is sparse enough
// to pay, the backward pass sums over its nonzero entries alone (conv2d_sparse_grad.hpp),
// in the same order, so with the same bits.
#pragma once
#include <type_traits>
#include <vector>

#include "core/gemm.hpp"
#include "nn/conv2d_sparse_grad.hpp"
#include "nn/im2col.hpp"
#include "nn/layer.hpp"

namespace optzoo {

template <class T>
class Conv2d : public Layer<T> {
 public:
  Conv2d(Shape in, int filters, int kernel, int stride, int padding)
      : g_{in, kernel, stride, padding}, filters_(filters), sparse_(g_, filters) {}
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
      for (int p = 0; p < P; ++p) copy_row(params + b_, yt_.data() + static_cast<std::size_t>(p) * F, F);
      gemm_gather(P, F, K, padded(x.row(i)), pixels_.data(), taps_.data(), wt_.data(), yt_.data(), true);
      transpose(P, F, yt_.data(), y.row(i));
    }
  }

  void backward(const T* params, const Tensor<T>& x, const Tensor<T>&, const Tensor<T>& dy, T* grad,
                Tensor<T>* dx) const override {
    // A speed path, so float only: the double model (gradient checks) keeps the dense one.
    if constexpr (std::is_same_v<T, float>)
      if ((!dx || transposed()) && sparse_.worth_it(dy, dx != nullptr))
        return sparse_.backward(params + w_, x, dy, grad + w_, grad + b_, dx);
    const int P = g_.pixels(), K = g_.patch(), F = filters_;
    prepare();
    dwt_.assign(static_cast<std::size_t>(K) * F, T(0));
    if (dx) {
      dx->resize(x.rows, g_.in.size());
      if (transposed()) flip_weights(params + w_);
      else std::fill(dx->data.begin(), dx->data.end(), T(0));
    }
    T* db = grad + b_;
    for (int i = 0; i < x.rows; ++i) {
      const T* dyi = dy.row(i);
      transpose(F, P, dyi, yt_.data());
      gemm_gather(K, F, P, padded(x.row(i)), taps_.data(), pixels_.data(), yt_.data(), dwt_.data(), true);
      add_column_sums(P, F, yt_.data(), db);
      if (dx) input_gradient(params + w_, dyi, dx->row(i));
    }
    T* dw = grad + w_;
    for (int f = 0; f < F; ++f)
      for (int k = 0; k < K; ++k) dw[f * K + k] += dwt_[static_cast<std::size_t>(k) * F + f];
  }

 private:
  bool transposed() const { return g_.stride == 1 && g_.padding < g_.kernel; }
  int dy_border() const { return g_.kernel - 1 - g_.padding; }  // q above
  int dy_height() const { return g_.out_h() + 2 * dy_border(); }
  int dy_width() const { return g_.out_w() + 2 * dy_border(); }

  // B of the transposed convolution: row (f, u, v), column c holds W[f][c][k-1-u][k-1-v].
  void flip_weights(const T* w) const {
    const int k = g_.kernel, C = g_.in.channels;
    for (int f = 0; f < filters_; ++f)
      for (int c = 0; c < C; ++c)
        for (int u = 0; u < k; ++u)
          for (int v = 0; v < k; ++v)
            wflip_[((static_cast<std::size_t>(f) * k + u) * k + v) * C + c] = w[((f * C + c) * k + k - 1 - u) * k + k - 1 - v];
  }

  void input_gradient(const T* w, const T* dy, T* dx) const {
    const int P = g_.pixels(), K = g_.patch(), F = filters_;
    if (!transposed()) {
      gemm(TransA::Yes, K, P, F, w, dy, dcol_.data(), false);
      return col2im_add(g_, dcol_.data(), dx);
    }
    const int ho = g_.out_h(), wo = g_.out_w(), q = dy_border(), hq = dy_height(), wq = dy_width();
    for (int f = 0; f < F; ++f)
      for (int oy = 0; oy < ho; ++oy)
        copy_row(dy + (static_cast<long>(f) * ho + oy) * wo, dy_padded_.data() + (static_cast<long>(f) * hq + oy + q) * wq + q, wo);
    const int C = g_.in.channels, inputs = g_.in.height * g_.in.width;
    gemm_gather(inputs, C, F * g_.kernel * g_.kernel, dy_padded_.data(), dx_pixels_.data(), dy_taps_.data(), wflip_.data(),
                dxt_.data(), false);
    transpose(inputs, C, dxt_.data(), dx);
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
    if (!transposed()) return dcol_.resize(static_cast<std::size_t>(g_.patch()) * g_.pixels());
    // The transposed convolution's offsets: tap (f, u, v) at (f*Hq + u)*Wq + v in the
    // padded dY, input pixel (y, x) adds y*Wq + x.
    const int hq = dy_height(), wq = dy_width();
    for (int f = 0; f < filters_; ++f)
      for (int u = 0; u < k; ++u)
        for (int v = 0; v < k; ++v) dy_taps_.push_back((f * hq + u) * wq + v);
    for (int y = 0; y < g_.in.height; ++y)
      for (int x = 0; x < g_.in.width; ++x) dx_pixels_.push_back(y * wq + x);
    dy_padded_.assign(static_cast<std::size_t>(filters_) * hq * wq, T(0));  // the border stays zero
    wflip_.resize(static_cast<std::size_t>(filters_) * k * k * g_.in.channels);
    dxt_.resize(g_.in.size());
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
  // transposed; for the transposed convolution the offsets into the padded dY, that
  // copy, the flipped weights and dx transposed ([H*W][C]); else dcol for col2im.
  mutable std::vector<int> taps_, pixels_, dy_taps_, dx_pixels_;
  mutable AlignedVector<T> image_, wt_, yt_, dwt_, dy_padded_, wflip_, dxt_, dcol_;
  // The backward pass for a sparse dY (behind ReLU and max-pooling).
  mutable Conv2dSparseGrad<T> sparse_;
};

}  // namespace optzoo
