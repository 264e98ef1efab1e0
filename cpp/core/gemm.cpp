#include "core/gemm.hpp"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace optzoo {

#ifdef __wasm_simd128__
namespace {

inline float a_at(TransA ta, const float* A, int M, int K, int i, int k) {
  return ta == TransA::No ? A[static_cast<long>(i) * K + k] : A[static_cast<long>(k) * M + i];
}

// A register tile of R rows x 4V columns of C, accumulated over all of k.
template <int R, int V>
inline void tile(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, int i0, int j0) {
  v128_t acc[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v] = wasm_v128_load(C + static_cast<long>(i0 + r) * N + j0 + 4 * v);
  for (int k = 0; k < K; ++k) {
    const float* b = B + static_cast<long>(k) * N + j0;
    v128_t bv[V];
    for (int v = 0; v < V; ++v) bv[v] = wasm_v128_load(b + 4 * v);
    for (int r = 0; r < R; ++r) {
      const v128_t a = wasm_f32x4_splat(a_at(ta, A, M, K, i0 + r, k));
      for (int v = 0; v < V; ++v) acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(a, bv[v]));
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) wasm_v128_store(C + static_cast<long>(i0 + r) * N + j0 + 4 * v, acc[r][v]);
}

template <int R>
inline void row_block(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, int i0) {
  int j = 0;
  for (; j + 8 <= N; j += 8) tile<R, 2>(ta, M, N, K, A, B, C, i0, j);
  for (; j + 4 <= N; j += 4) tile<R, 1>(ta, M, N, K, A, B, C, i0, j);
  for (; j < N; ++j)  // leftover columns, same order of operations as the scalar twin
    for (int r = 0; r < R; ++r) {
      float c = C[static_cast<long>(i0 + r) * N + j];
      for (int k = 0; k < K; ++k) c = c + a_at(ta, A, M, K, i0 + r, k) * B[static_cast<long>(k) * N + j];
      C[static_cast<long>(i0 + r) * N + j] = c;
    }
}

}  // namespace

void gemm_f32(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  if (!accumulate)
    for (long i = 0; i < static_cast<long>(M) * N; ++i) C[i] = 0.0f;
  int i = 0;
  for (; i + 4 <= M; i += 4) row_block<4>(ta, M, N, K, A, B, C, i);
  for (; i < M; ++i) row_block<1>(ta, M, N, K, A, B, C, i);
}

bool gemm_f32_is_simd() { return true; }

#else

void gemm_f32(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  gemm_scalar(ta, M, N, K, A, B, C, accumulate);
}

bool gemm_f32_is_simd() { return false; }

#endif

}  // namespace optzoo
