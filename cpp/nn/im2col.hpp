// im2col lays the receptive fields of one image out as the columns of a matrix, so a
// convolution becomes one matrix product (Chellapilla et al., 2006):
//   col[(c*k + ki)*k + kj][oy*wo + ox] = x[c][oy*s - p + ki][ox*s - p + kj]   (0 in the padding)
// col2im_add is its adjoint: it adds every column entry back onto the pixel it came from.
#pragma once
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

template <class T>
void im2col(const ConvGeometry& g, const T* x, T* col) {
  const int ho = g.out_h(), wo = g.out_w(), k = g.kernel, H = g.in.height, W = g.in.width;
  for (int c = 0; c < g.in.channels; ++c)
    for (int ki = 0; ki < k; ++ki)
      for (int kj = 0; kj < k; ++kj) {
        T* row = col + (static_cast<long>(c * k + ki) * k + kj) * ho * wo;
        for (int oy = 0; oy < ho; ++oy) {
          const int iy = oy * g.stride - g.padding + ki;
          T* out = row + oy * wo;
          if (iy < 0 || iy >= H) {
            for (int ox = 0; ox < wo; ++ox) out[ox] = T(0);
            continue;
          }
          const T* in = x + (static_cast<long>(c) * H + iy) * W;
          for (int ox = 0; ox < wo; ++ox) {
            const int ix = ox * g.stride - g.padding + kj;
            out[ox] = ix >= 0 && ix < W ? in[ix] : T(0);
          }
        }
      }
}

template <class T>
void col2im_add(const ConvGeometry& g, const T* col, T* dx) {
  const int ho = g.out_h(), wo = g.out_w(), k = g.kernel, H = g.in.height, W = g.in.width;
  for (int c = 0; c < g.in.channels; ++c)
    for (int ki = 0; ki < k; ++ki)
      for (int kj = 0; kj < k; ++kj) {
        const T* row = col + (static_cast<long>(c * k + ki) * k + kj) * ho * wo;
        for (int oy = 0; oy < ho; ++oy) {
          const int iy = oy * g.stride - g.padding + ki;
          if (iy < 0 || iy >= H) continue;
          T* out = dx + (static_cast<long>(c) * H + iy) * W;
          for (int ox = 0; ox < wo; ++ox) {
            const int ix = ox * g.stride - g.padding + kj;
            if (ix >= 0 && ix < W) out[ix] += row[oy * wo + ox];
          }
        }
      }
}

}  // namespace optzoo
