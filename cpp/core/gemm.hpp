// Matrix products for the forward and backward passes.
//
//   C[M x N] (+)= op(A)[M x K] * B[K x N],   op(A) = A (stored M x K) or A^T (stored K x M)
//
// All matrices are row-major and contiguous. Every element of C is accumulated over k
// in increasing order with a separate multiply and add. The fast kernel keeps that
// order, so it is bit-identical to the scalar twin (the ground truth the tests check
// it against), and results never depend on which kernel ran.
#pragma once

namespace optzoo {

enum class TransA { No, Yes };

template <class T>
void gemm_scalar(TransA ta, int M, int N, int K, const T* A, const T* B, T* C, bool accumulate) {
  if (!accumulate)
    for (long i = 0; i < static_cast<long>(M) * N; ++i) C[i] = T(0);
  for (int i = 0; i < M; ++i) {
    T* c = C + static_cast<long>(i) * N;
    for (int k = 0; k < K; ++k) {
      const T a = ta == TransA::No ? A[static_cast<long>(i) * K + k] : A[static_cast<long>(k) * M + i];
      const T* b = B + static_cast<long>(k) * N;
      for (int j = 0; j < N; ++j) c[j] = c[j] + a * b[j];
    }
  }
}

// The same product with a gathered A: op(A)[i][k] = A[a_row[i] + a_col[k]]. With a_row
// the output pixels' offsets and a_col the kernel taps' offsets in a padded image, op(A)
// is that image's im2col matrix, read in place instead of copied out.
template <class T>
void gemm_gather_scalar(int M, int N, int K, const T* A, const int* a_row, const int* a_col, const T* B, T* C,
                        bool accumulate) {
  if (!accumulate)
    for (long i = 0; i < static_cast<long>(M) * N; ++i) C[i] = T(0);
  for (int i = 0; i < M; ++i) {
    T* c = C + static_cast<long>(i) * N;
    for (int k = 0; k < K; ++k) {
      const T a = A[a_row[i] + a_col[k]];
      const T* b = B + static_cast<long>(k) * N;
      for (int j = 0; j < N; ++j) c[j] = c[j] + a * b[j];
    }
  }
}

// The fast kernel (gemm.cpp): cache-blocked and register-blocked, the same code in every
// build. Its 4-lane vectors are SIMD128 under WebAssembly and SSE natively on x86-64
// (core/vec4.hpp), so the native build runs and tests the same blocking, packing and
// lane operations. gemm_f32_is_simd() says whether it is the SIMD128 build.
void gemm_f32(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
bool gemm_f32_is_simd();

// gemm_gather_scalar's fast twin, on the unpacked path (its A cannot be packed cheaper
// than it is read).
void gemm_f32_gather(int M, int N, int K, const float* A, const int* a_row, const int* a_col, const float* B, float* C,
                     bool accumulate);

// C = A B + bias, bias[N] added to every row (a dense layer's forward pass), with the
// bits of filling each row of C with bias and accumulating: the sums start from it.
void gemm_f32_bias(int M, int N, int K, const float* A, const float* B, const float* bias, float* C);
template <class T>
void gemm_bias_scalar(int M, int N, int K, const T* A, const T* B, const T* bias, T* C) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) C[static_cast<long>(i) * N + j] = bias[j];
  gemm_scalar(TransA::No, M, N, K, A, B, C, true);
}

inline void gemm(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, bool acc) {
  gemm_f32(ta, M, N, K, A, B, C, acc);
}
inline void gemm(TransA ta, int M, int N, int K, const double* A, const double* B, double* C, bool acc) {
  gemm_scalar(ta, M, N, K, A, B, C, acc);
}

inline void gemm_bias(int M, int N, int K, const float* A, const float* B, const float* bias, float* C) {
  gemm_f32_bias(M, N, K, A, B, bias, C);
}
inline void gemm_bias(int M, int N, int K, const double* A, const double* B, const double* bias, double* C) {
  gemm_bias_scalar(M, N, K, A, B, bias, C);
}

inline void gemm_gather(int M, int N, int K, const float* A, const int* a_row, const int* a_col, const float* B, float* C,
                        bool acc) {
  gemm_f32_gather(M, N, K, A, a_row, a_col, B, C, acc);
}
inline void gemm_gather(int M, int N, int K, const double* A, const int* a_row, const int* a_col, const double* B,
                        double* C, bool acc) {
  gemm_gather_scalar(M, N, K, A, a_row, a_col, B, C, acc);
}

// out[c][r] = in[r][c] for r < rows, c < cols, rows of in ld_in apart and rows of out
// ld_out apart; the float one moves 4 x 4 blocks in registers.
void transpose(int rows, int cols, const float* in, long ld_in, float* out, long ld_out);
template <class T>
void transpose(int rows, int cols, const T* in, long ld_in, T* out, long ld_out) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) out[c * ld_out + r] = in[r * ld_in + c];
}
// out[cols x rows] = in[rows x cols]^T, both contiguous.
template <class T>
void transpose(int rows, int cols, const T* in, T* out) {
  transpose(rows, cols, in, cols, out, rows);
}

// sum[c] += in[r][c] for r = 0, 1, ... in order (a bias gradient from a [P][F] gradient);
// the float one keeps four lanes of columns, and up to four vectors of them, in flight.
void add_column_sums(int rows, int cols, const float* in, float* sum);
template <class T>
void add_column_sums(int rows, int cols, const T* in, T* sum) {
  for (int c = 0; c < cols; ++c) {
    T s = sum[c];
    for (int r = 0; r < rows; ++r) s += in[static_cast<long>(r) * cols + c];
    sum[c] = s;
  }
}

}  // namespace optzoo
