// 2-D convolution as torch.nn.Conv2d (cross-correlation, zero padding, no dilation or
// groups). Input and output rows are one example each, in [channels][height][width]
// order; the weight is [filters][channels*k*k], i.e. torch's [F][C][k][k] flattened.
// Per example, im2col turns the product into GEMMs with the shared (SIMD128) kernel:
//   forward   Y[F][P]     = W[F][CKK] col[CKK][P] + b
//   backward  dW^T[CKK][F] += col[CKK][P] dY^T[P][F],   db += sum_P dY,
//             dcol[CKK][P] = W^T dY,   dx = col2im(dcol)
// The weight gradient is formed transposed, so no [P][CKK] copy of col is needed, and
// runs on the GEMM's unpacked path, which reads col in place: with only F (8 or 16)
// columns, packing col would cost about as much as the product (measured under Node 20;
// the forward and input-gradient products ran faster packed). It is summed over the
// batch in a [CKK][F] scratch and added into grad once; every entry still sums its
// terms in the order the plain loops would.
#pragma once
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
    const int P = g_.pixels(), K = g_.patch();
    y.resize(x.rows, filters_ * P);
    col_.resize(static_cast<std::size_t>(K) * P);
    for (int i = 0; i < x.rows; ++i) {
      im2col(g_, x.row(i), col_.data());
      T* yi = y.row(i);
      for (int f = 0; f < filters_; ++f)
        for (int p = 0; p < P; ++p) yi[f * P + p] = params[b_ + f];
      gemm(TransA::No, filters_, P, K, params + w_, col_.data(), yi, true);
    }
  }

  void backward(const T* params, const Tensor<T>& x, const Tensor<T>&, const Tensor<T>& dy, T* grad,
                Tensor<T>* dx) const override {
    const int P = g_.pixels(), K = g_.patch(), F = filters_;
    col_.resize(static_cast<std::size_t>(K) * P);
    dyt_.resize(static_cast<std::size_t>(P) * F);
    dwt_.assign(static_cast<std::size_t>(K) * F, T(0));
    if (dx) {
      dx->resize(x.rows, g_.in.size());
      std::fill(dx->data.begin(), dx->data.end(), T(0));
      dcol_.resize(static_cast<std::size_t>(K) * P);
    }
    T* db = grad + b_;
    for (int i = 0; i < x.rows; ++i) {
      const T* dyi = dy.row(i);
      im2col(g_, x.row(i), col_.data());
      transpose(F, P, dyi, dyt_.data());
      gemm_unpacked(TransA::No, K, F, P, col_.data(), dyt_.data(), dwt_.data(), true);
      for (int f = 0; f < F; ++f)
        for (int p = 0; p < P; ++p) db[f] += dyi[f * P + p];
      if (dx) {
        gemm(TransA::Yes, K, P, F, params + w_, dyi, dcol_.data(), false);
        col2im_add(g_, dcol_.data(), dx->row(i));
      }
    }
    T* dw = grad + w_;
    for (int f = 0; f < F; ++f)
      for (int k = 0; k < K; ++k) dw[f * K + k] += dwt_[static_cast<std::size_t>(k) * F + f];
  }

 private:
  ConvGeometry g_;
  int filters_;
  std::size_t w_ = 0, b_ = 0;
  mutable AlignedVector<T> col_, dyt_, dwt_, dcol_;  // scratch, reused every step
};

}  // namespace optzoo
