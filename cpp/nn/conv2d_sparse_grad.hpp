// Conv2d's weight, bias and input gradients summed over the nonzero entries of the
// output gradient dY alone. Behind ReLU and a 2x2 max-pool at most one entry in four
// is nonzero, and the dense products multiply the rest by zero.
//
// The image is laid out channels-last with its zero border, [Hp][Wp][C], so that the
// receptive field row (ki, kj = 0..k-1, c = 0..C-1) of an output pixel is k*C contiguous
// floats. Per nonzero dY[f][oy][ox] = g:
//   dW[f][ki][.][.] += g * x_padded[oy*s + ki][ox*s .. ox*s+k)[.]     (weight gradient)
//   dx_padded[oy + ki][ox .. ox+k)[.] += g * W[f][ki][.][.]           (stride 1: input gradient)
// Terms are taken in the order the dense loops sum them (examples, then pixels in
// raster order for dW; for dx f, then the output pixel in raster order, which is the
// transposed convolution's (f, u, v) order when ki runs backwards), so the results are
// bit-identical to the dense path for finite values (tests/cpp/test_cnn).
#pragma once
#include <vector>

#include "core/aligned.hpp"
#include "core/gemm.hpp"
#include "core/sparse_rows.hpp"
#include "nn/im2col.hpp"
#include "nn/tensor.hpp"

namespace optzoo {

template <class T>
class Conv2dSparseGrad {
 public:
  Conv2dSparseGrad(const ConvGeometry& g, int filters) : g_(g), filters_(filters) {}

  // Whether this batch's dY is sparse enough to beat the dense products. Costs in units
  // of one 4-lane multiply-add of the dense GEMM: each term costs one unit per vector
  // and tail lane of a gathered row and two of a scattered one (its load and store),
  // plus about four per pass over the terms (rows are held in chunks of 8, 4, 2 and 1
  // vectors, then the tail). Measured in Node 20 on the MNIST CNN: its 8-channel layer
  // behind a max-pool (15% of dY nonzero) took 0.37 of the dense time on this path (the
  // model says 0.35); its 1-channel first layer, rows of 5 floats, would take 1.9 times
  // the dense time (the model says 1.4), so it stays dense.
  bool worth_it(const Tensor<T>& dy, bool with_dx) const {
    long nnz = 0;
    for (T v : dy.data) nnz += v != T(0);
    const int L = row_length(), vectors = L / 4, tail = L % 4;
    const double passes = vectors / 8 + __builtin_popcount(vectors % 8) + (tail > 0);
    const double gather = vectors + tail + 4 * passes, scatter = 2 * (vectors + tail) + 4 * passes;
    const double sparse = double(nnz) * g_.kernel * (gather + (with_dx ? scatter : 0.0));
    const double dense = double(dy.rows) * g_.pixels() * filters_ * g_.patch() / 4.0 * (with_dx ? 2 : 1);
    return sparse < dense;
  }

  // grad_w ([F][C][k][k]) and grad_b ([F]) += the gradients; dx (if non-null, stride 1
  // with padding < kernel only) = the input gradient.
  void backward(const T* w, const Tensor<T>& x, const Tensor<T>& dy, T* grad_w, T* grad_b, Tensor<T>* dx) {
    prepare();
    const int F = filters_, P = g_.pixels(), k = g_.kernel, L = row_length(), row_step = padded_width() * g_.in.channels;
    dw_.assign(static_cast<std::size_t>(F) * k * L, T(0));
    if (dx) {
      dx->resize(x.rows, g_.in.size());
      channels_last(w);
    }
    for (int i = 0; i < x.rows; ++i) {
      fill_padded(x.row(i), xcl_.data());
      if (dx) std::fill(dxcl_.begin(), dxcl_.end(), T(0));
      const T* dyi = dy.row(i);
      for (int f = 0; f < F; ++f) {
        const int n = nonzeros(dyi + static_cast<long>(f) * P, P, offset_.data(), value_.data());
        T sum = grad_b[f];
        for (int t = 0; t < n; ++t) {
          sum += value_[t];
          offset_[t] = pixel_offset_[offset_[t]];
        }
        grad_b[f] = sum;
        for (int ki = 0; ki < k; ++ki)
          sparse_gather_rows(L, xcl_.data() + ki * row_step, offset_.data(), value_.data(), n,
                             dw_.data() + (static_cast<std::size_t>(f) * k + ki) * L);
        if (dx)
          for (int ki = k; ki-- > 0;)
            sparse_scatter_rows(L, wcl_.data() + (static_cast<std::size_t>(f) * k + ki) * L, offset_.data(), value_.data(), n,
                                dxcl_.data() + ki * row_step);
      }
      if (dx) crop(dxcl_.data(), dx->row(i));
    }
    // dw_ is [F][ki][kj][C]; grad_w is [F][C][ki][kj].
    const int C = g_.in.channels;
    for (int f = 0; f < F; ++f)
      for (int c = 0; c < C; ++c)
        for (int ki = 0; ki < k; ++ki)
          for (int kj = 0; kj < k; ++kj)
            grad_w[((f * C + c) * k + ki) * k + kj] += dw_[((static_cast<std::size_t>(f) * k + ki) * k + kj) * C + c];
  }

 private:
  int row_length() const { return g_.kernel * g_.in.channels; }
  int padded_height() const { return g_.in.height + 2 * g_.padding; }
  int padded_width() const { return g_.in.width + 2 * g_.padding; }

  void prepare() {
    if (!pixel_offset_.empty()) return;
    const int C = g_.in.channels, wp = padded_width(), s = g_.stride;
    for (int oy = 0; oy < g_.out_h(); ++oy)
      for (int ox = 0; ox < g_.out_w(); ++ox) pixel_offset_.push_back((oy * s * wp + ox * s) * C);
    const std::size_t padded = static_cast<std::size_t>(padded_height()) * wp * C;
    xcl_.assign(padded, T(0));  // the border stays zero
    dxcl_.resize(padded);
    offset_.resize(g_.pixels());
    value_.resize(g_.pixels());
    wcl_.resize(static_cast<std::size_t>(filters_) * g_.kernel * row_length());
  }

  // x [C][H][W] into the interior of the channels-last padded buffer, and back.
  void fill_padded(const T* x, T* out) const {
    const int C = g_.in.channels, H = g_.in.height, W = g_.in.width, wp = padded_width(), p = g_.padding;
    for (int y = 0; y < H; ++y)
      transpose(C, W, x + static_cast<long>(y) * W, static_cast<long>(H) * W, out + (static_cast<long>(y + p) * wp + p) * C, C);
  }
  void crop(const T* in, T* dx) const {
    const int C = g_.in.channels, H = g_.in.height, W = g_.in.width, wp = padded_width(), p = g_.padding;
    for (int y = 0; y < H; ++y)
      transpose(W, C, in + (static_cast<long>(y + p) * wp + p) * C, C, dx + static_cast<long>(y) * W, static_cast<long>(H) * W);
  }
  // W [F][C][k][k] as [F][ki][kj][C], the layout of a receptive field row.
  void channels_last(const T* w) {
    const int C = g_.in.channels, k = g_.kernel;
    for (int f = 0; f < filters_; ++f)
      for (int c = 0; c < C; ++c)
        for (int ki = 0; ki < k; ++ki)
          for (int kj = 0; kj < k; ++kj)
            wcl_[((static_cast<std::size_t>(f) * k + ki) * k + kj) * C + c] = w[((f * C + c) * k + ki) * k + kj];
  }

  ConvGeometry g_;
  int filters_;
  // Offsets of each output pixel's receptive field in the padded buffer; one filter's
  // nonzero dY entries (positions, then offsets) and values; the padded image and dx;
  // the weights and the weight gradient channels-last.
  std::vector<int> pixel_offset_, offset_;
  AlignedVector<T> value_, xcl_, dxcl_, wcl_, dw_;
};

}  // namespace optzoo
