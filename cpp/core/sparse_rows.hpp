// Row kernels for products with a sparse factor: a list of (offset, value) terms, each
// scaling one contiguous row of L floats. A convolution's output gradient is mostly
// zeros behind ReLU and max-pooling (at most one entry in four survives a 2x2 pool), so
// its weight and input gradients can be summed over the nonzero entries alone.
//
// Every output entry adds its terms in list order with a separate multiply and add,
// as the dense loops do; skipped terms are exact zeros, which leave a finite sum that
// did not start at -0 unchanged. So the fast kernels are bit-identical to the twins.
#pragma once

namespace optzoo {

// out[0..L) += sum over t = 0..n-1 of g[t] * in[offset[t] + 0..L), in t order.
template <class T>
void sparse_gather_rows_scalar(int L, const T* in, const int* offset, const T* g, int n, T* out) {
  for (int j = 0; j < L; ++j) {
    T acc = out[j];
    for (int t = 0; t < n; ++t) acc = acc + g[t] * in[offset[t] + j];
    out[j] = acc;
  }
}

// For t = 0..n-1 in order: out[offset[t] + 0..L) += g[t] * w[0..L). The offsets must
// increase with t (the fast kernel relies on it to keep w in registers).
template <class T>
void sparse_scatter_rows_scalar(int L, const T* w, const int* offset, const T* g, int n, T* out) {
  for (int t = 0; t < n; ++t)
    for (int j = 0; j < L; ++j) out[offset[t] + j] = out[offset[t] + j] + g[t] * w[j];
}

// The fast twins (sparse_rows.cpp): the row that does not move (out for the gather, w
// for the scatter) is held in 4-lane registers, up to eight vectors at a time, while
// the terms stream past.
void sparse_gather_rows(int L, const float* in, const int* offset, const float* g, int n, float* out);
void sparse_scatter_rows(int L, const float* w, const int* offset, const float* g, int n, float* out);

template <class T>
void sparse_gather_rows(int L, const T* in, const int* offset, const T* g, int n, T* out) {
  sparse_gather_rows_scalar(L, in, offset, g, n, out);
}
template <class T>
void sparse_scatter_rows(int L, const T* w, const int* offset, const T* g, int n, T* out) {
  sparse_scatter_rows_scalar(L, w, offset, g, n, out);
}

// The nonzero entries of x[0..n) in order: their positions go to index[], their values
// to value[]; returns how many. The float one tests four entries at a time.
int nonzeros(const float* x, int n, int* index, float* value);
template <class T>
int nonzeros(const T* x, int n, int* index, T* value) {
  int count = 0;
  for (int i = 0; i < n; ++i)
    if (x[i] != T(0)) index[count] = i, value[count++] = x[i];
  return count;
}

}  // namespace optzoo
