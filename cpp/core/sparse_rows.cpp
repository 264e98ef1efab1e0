#include "core/sparse_rows.hpp"

#include "core/vec4.hpp"

namespace optzoo {
namespace {

using vec4::V;

// out[0 .. 4W) += sum over t of g[t] * in[offset[t] + 0 .. 4W): the W accumulators stay
// in registers while the terms stream past.
template <int W>
void gather_chunk(const float* in, const int* offset, const float* g, int n, float* out) {
  V acc[W];
  for (int v = 0; v < W; ++v) acc[v] = vec4::load(out + 4 * v);
  for (int t = 0; t < n; ++t) {
    const V gt = vec4::splat(g[t]);
    const float* row = in + offset[t];
    for (int v = 0; v < W; ++v) acc[v] = vec4::mul_add(acc[v], gt, vec4::load(row + 4 * v));
  }
  for (int v = 0; v < W; ++v) vec4::store(out + 4 * v, acc[v]);
}

}  // namespace

void sparse_gather_rows(int L, const float* in, const int* offset, const float* g, int n, float* out) {
  int j = 0;
  for (; j + 32 <= L; j += 32) gather_chunk<8>(in + j, offset, g, n, out + j);
  if (j + 16 <= L) gather_chunk<4>(in + j, offset, g, n, out + j), j += 16;
  if (j + 8 <= L) gather_chunk<2>(in + j, offset, g, n, out + j), j += 8;
  if (j + 4 <= L) gather_chunk<1>(in + j, offset, g, n, out + j), j += 4;
  if (j < L) sparse_gather_rows_scalar(L - j, in + j, offset, g, n, out + j);
}

namespace {

// out[offset[t] + 0 .. 4W) += g[t] * w[0 .. 4W) for t in order, w held in registers.
template <int W>
void scatter_chunk(const float* w, const int* offset, const float* g, int n, float* out) {
  V wv[W];
  for (int v = 0; v < W; ++v) wv[v] = vec4::load(w + 4 * v);
  for (int t = 0; t < n; ++t) {
    const V gt = vec4::splat(g[t]);
    float* row = out + offset[t];
    for (int v = 0; v < W; ++v) vec4::store(row + 4 * v, vec4::mul_add(vec4::load(row + 4 * v), gt, wv[v]));
  }
}

}  // namespace

// The chunks run from the row's end back to its start. An entry e gets its terms from
// row positions e - offset[t], lower for later terms (the offsets increase), so a later
// term's position lies in the same chunk (where terms go in order) or an earlier-run one.
void sparse_scatter_rows(int L, const float* w, const int* offset, const float* g, int n, float* out) {
  int j = L / 4 * 4;
  if (j < L) sparse_scatter_rows_scalar(L - j, w + j, offset, g, n, out + j);
  const int vectors = j / 4;
  if (vectors & 1) j -= 4, scatter_chunk<1>(w + j, offset, g, n, out + j);
  if (vectors & 2) j -= 8, scatter_chunk<2>(w + j, offset, g, n, out + j);
  if (vectors & 4) j -= 16, scatter_chunk<4>(w + j, offset, g, n, out + j);
  for (; j > 0; j -= 32) scatter_chunk<8>(w + j - 32, offset, g, n, out + j - 32);
}

int nonzeros(const float* x, int n, int* index, float* value) {
  int count = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    int mask = vec4::nonzero_mask(vec4::load(x + i));
    while (mask) {
      const int lane = __builtin_ctz(mask);
      index[count] = i + lane, value[count++] = x[i + lane];
      mask &= mask - 1;
    }
  }
  for (; i < n; ++i)
    if (x[i] != 0.0f) index[count] = i, value[count++] = x[i];
  return count;
}

}  // namespace optzoo
