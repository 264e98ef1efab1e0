// im2col lays the receptive fields of one image out as the columns of a matrix, so a
// convolution becomes one matrix product (Chellapilla et al., 2006):
//   col[(c*k + ki)*k + kj][oy*wo + ox] = x[c][oy*s - p + ki][ox*s - p + kj]   (0 in the padding)
// col2im_add is its adjoint: it adds every column entry back onto the pixel it came from.
// Conv2d reads col in place (a gathering GEMM) and uses col2im_add for its input
// gradient; im2col itself is the reference the tests hold Conv2d to.
#pragma once
#include <algorithm>

#include "core/row_ops.hpp"
#include "nn/tensor.hpp"

namespace optzoo {

struct ConvGeometry {
  Shape in;
  int kernel = 1, stride = 1, padding = 0;
  int out_h() const { return (in.height + 2 * padding - kernel) / stride + 1; }
  int out_w() const { return (in.width + 2 * padding - kernel) / stride + 1; }
  int patch() const { return in.channels * kernel * kernel; }  // rows of col
  int pixels() const { return out_h() * out_w(); }             // columns of col
};

// The output columns ox whose input column ox*stride - padding + kj lies inside the
// image, as [lo, hi): the rest of a col row is padding. Found once per kernel column so
// the per-row loops carry no bounds tests and a stride-1 row is a plain shifted copy.
inline void valid_columns(const ConvGeometry& g, int kj, int* lo, int* hi) {
  const int wo = g.out_w(), shift = kj - g.padding;
  int a = 0, b = wo;
  while (a < wo && a * g.stride + shift < 0) ++a;
  while (b > a && (b - 1) * g.stride + shift >= g.in.width) --b;
  *lo = a;
  *hi = b;
}

template <class T>
void im2col(const ConvGeometry& g, const T* x, T* col) {
  const int ho = g.out_h(), wo = g.out_w(), k = g.kernel, H = g.in.height, W = g.in.width, s = g.stride;
  for (int c = 0; c < g.in.channels; ++c)
    for (int ki = 0; ki < k; ++ki)
      for (int kj = 0; kj < k; ++kj) {
        int lo, hi;
        valid_columns(g, kj, &lo, &hi);
        const int shift = kj - g.padding;
        T* row = col + (static_cast<long>(c * k + ki) * k + kj) * ho * wo;
        for (int oy = 0; oy < ho; ++oy) {
          const int iy = oy * s - g.padding + ki;
          T* out = row + oy * wo;
          if (iy < 0 || iy >= H) {
            zero_row(out, wo);
            continue;
          }
          const T* in = x + (static_cast<long>(c) * H + iy) * W;
          zero_row(out, lo);
          if (s == 1) {
            copy_row(in + lo + shift, out + lo, hi - lo);
          } else {
            for (int ox = lo; ox < hi; ++ox) out[ox] = in[ox * s + shift];
          }
          zero_row(out + hi, wo - hi);
        }
      }
}

// Adds in the same order as a plain loop over (c, ki, kj, oy, ox), so the sums do not
// depend on how the row loop is vectorised.
template <class T>
void col2im_add(const ConvGeometry& g, const T* col, T* dx) {
  const int ho = g.out_h(), wo = g.out_w(), k = g.kernel, H = g.in.height, W = g.in.width, s = g.stride;
  for (int c = 0; c < g.in.channels; ++c)
    for (int ki = 0; ki < k; ++ki)
      for (int kj = 0; kj < k; ++kj) {
        int lo, hi;
        valid_columns(g, kj, &lo, &hi);
        const int shift = kj - g.padding;
        const T* row = col + (static_cast<long>(c * k + ki) * k + kj) * ho * wo;
        for (int oy = 0; oy < ho; ++oy) {
          const int iy = oy * s - g.padding + ki;
          if (iy < 0 || iy >= H) continue;
          T* out = dx + (static_cast<long>(c) * H + iy) * W;
          const T* in = row + oy * wo;
          if (s == 1) {
            add_row(in + lo, out + lo + shift, hi - lo);  // lo + shift >= 0: inside the image row
          } else {
            for (int ox = lo; ox < hi; ++ox) out[ox * s + shift] += in[ox];
          }
        }
      }
}

}  // namespace optzoo
