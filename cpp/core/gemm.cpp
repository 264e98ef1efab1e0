// Cache-blocked, register-blocked GEMM in the layout of Goto & van de Geijn,
// "Anatomy of High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008):
// a KC-deep slice of B is packed into NR-wide column panels, an MC x KC block of op(A)
// into MR-tall row panels, and a micro-kernel keeps an MR x NR tile of C in registers
// while it walks k. Packing makes every inner-loop load contiguous and folds the
// transpose of A into the copy, so one micro-kernel serves X*W, G*W and X^T*G.
//
// Each element of C still sees c = c + a*b for k = 0, 1, ... in order (a K block
// resumes from the partial sums stored in C), so the result is bit-identical to
// gemm_scalar whatever the block sizes.
#include "core/gemm.hpp"

#include <algorithm>
#include <type_traits>

#include "core/aligned.hpp"
#include "core/row_ops.hpp"
#include "core/vec4.hpp"

namespace optzoo {
namespace {

using vec4::V;

// 4 x 8 and 2 x 16 measured fastest under V8 (Node 20); 4x12, 4x16, 5x8, 6x8 and 8x8 ran
// about a third slower: eight accumulators, two B vectors, a splat and a product fit
// the 16 SIMD registers V8 allocates from without spilling.
constexpr int MR = 4;  // rows of the register tile
constexpr int NV = 2;  // f32x4 vectors per row of the register tile
constexpr int NR = 4 * NV;  // columns of the register tile
constexpr int KC = 256;     // depth of a packed slice: an NR panel of B stays in L1
constexpr int MC = 16 * MR; // rows of a packed block of A: it stays in L2
constexpr int NC = 512;     // columns of a packed slice of B

// Scratch for the packed panels, owned by the thread and grown only when a larger
// product first needs it: the training loop allocates nothing after its first step.
struct PackBuffers {
  AlignedVector<float> a, b;
};
PackBuffers& pack_buffers() {
  thread_local PackBuffers buffers;
  return buffers;
}

// C tile (MR x NR at c, row stride ldc) (+)= sum over k of ap[k][0..MR) outer bp[k][0..NR).
// `load_c` as in direct_tile below: without it the tile starts from zero.
inline void micro_kernel(int kc, const float* ap, const float* bp, float* c, int ldc, bool load_c) {
  V acc[MR][NV];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = load_c ? vec4::load(c + static_cast<long>(r) * ldc + 4 * v) : vec4::splat(0.0f);
  for (int k = 0; k < kc; ++k, ap += MR, bp += NR) {
    V b[NV];
    for (int v = 0; v < NV; ++v) b[v] = vec4::load(bp + 4 * v);
    for (int r = 0; r < MR; ++r) {
      const V a = vec4::splat(ap[r]);
      for (int v = 0; v < NV; ++v) acc[r][v] = vec4::mul_add(acc[r][v], a, b[v]);
    }
  }
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) vec4::store(c + static_cast<long>(r) * ldc + 4 * v, acc[r][v]);
}

// A tile on the right or bottom edge runs on a padded copy, so the kernel has one shape.
inline void edge_kernel(int kc, const float* ap, const float* bp, float* c, int ldc, int rows, int cols, bool load_c) {
  alignas(16) float tile[MR * NR] = {};
  if (load_c)
    for (int r = 0; r < rows; ++r)
      for (int j = 0; j < cols; ++j) tile[r * NR + j] = c[static_cast<long>(r) * ldc + j];
  micro_kernel(kc, ap, bp, tile, NR, load_c);
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < cols; ++j) c[static_cast<long>(r) * ldc + j] = tile[r * NR + j];
}

// op(A)[i0 .. i0+mc) x [k0 .. k0+kc) into MR-row panels laid out k-major, zero-padded.
void pack_a(TransA ta, int M, int K, const float* A, int i0, int mc, int k0, int kc, float* out) {
  for (int p = 0; p < mc; p += MR)
    for (int k = 0; k < kc; ++k)
      for (int r = 0; r < MR; ++r, ++out) {
        const int i = i0 + p + r;
        if (p + r >= mc) {
          *out = 0.0f;
        } else if (ta == TransA::No) {
          *out = A[static_cast<long>(i) * K + k0 + k];
        } else {
          *out = A[static_cast<long>(k0 + k) * M + i];
        }
      }
}

// B[k0 .. k0+kc) x [j0 .. j0+nc) into NR-column panels laid out k-major, zero-padded.
void pack_b(int N, const float* B, int k0, int kc, int j0, int nc, float* out) {
  for (int q = 0; q < nc; q += NR) {
    const int cols = std::min(NR, nc - q);
    for (int k = 0; k < kc; ++k) {
      const float* row = B + static_cast<long>(k0 + k) * N + j0 + q;
      for (int j = 0; j < cols; ++j) out[j] = row[j];
      for (int j = cols; j < NR; ++j) out[j] = 0.0f;
      out += NR;
    }
  }
}

// Small products (a 2-8-8-2 network's layers) go unpacked: copying the panels would cost
// more than the product. The tile streams B's rows in place and reads op(A) directly.
// Two kinds of op(A) share the tile: a plain matrix (stored as is, or transposed) and a
// gathered one, A[a_row[i] + a_col[k]] (the im2col matrix of a padded image, read in place).
// The transpose is a template parameter so that the tile's inner loop carries no test.
template <TransA TA>
struct PlainA {
  int M, K;
  const float* A;
  float at(int i, int k) const { return TA == TransA::No ? A[static_cast<long>(i) * K + k] : A[static_cast<long>(k) * M + i]; }
  V four(int i0, int k) const {  // rows i0 .. i0+3 of column k
    return TA == TransA::Yes ? vec4::load(A + static_cast<long>(k) * M + i0)
                             : vec4::make(at(i0, k), at(i0 + 1, k), at(i0 + 2, k), at(i0 + 3, k));
  }
};
struct GatheredA {
  const float* A;
  const int* row;
  const int* col;
  float at(int i, int k) const { return A[row[i] + col[k]]; }
  V four(int i0, int k) const { return vec4::make(at(i0, k), at(i0 + 1, k), at(i0 + 2, k), at(i0 + 3, k)); }
};

// The R rows of op(A) a register tile reads: a tile of a gathered A starts each row at
// its own offset once, so the k loop adds only the column offset.
template <int R, class OpA>
struct TileRows {
  const OpA& a;
  int i0;
  TileRows(const OpA& op, int first) : a(op), i0(first) {}
  float at(int r, int k) const { return a.at(i0 + r, k); }
};
template <int R>
struct TileRows<R, GatheredA> {
  const float* start[R];
  const int* col;
  TileRows(const GatheredA& op, int i0) : col(op.col) {
    for (int r = 0; r < R; ++r) start[r] = op.A + op.row[i0 + r];
  }
  float at(int r, int k) const { return start[r][col[k]]; }
};

// Where a tile's sums start: from C (accumulate), from a bias row repeated down the rows,
// else from zero. Each gives the bits of filling C first and adding to it (0 + a*b is
// the first sum either way), without the pass over C.
struct Start {
  bool from_c;
  const float* bias;  // [N], or null
  float at(const float* C, long ldc, int i, int j) const {
    return from_c ? C[i * ldc + j] : bias ? bias[j] : 0.0f;
  }
  V four(const float* C, long ldc, int i, int j) const {  // C[i][j .. j+3]
    return from_c ? vec4::load(C + i * ldc + j) : bias ? vec4::load(bias + j) : vec4::splat(0.0f);
  }
};

template <int R, int W, class OpA>
inline void direct_tile(const OpA& a, int N, int K, const float* B, float* C, int i0, int j0, Start start) {
  V acc[R][W];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < W; ++v) acc[r][v] = start.four(C, N, i0 + r, j0 + 4 * v);
  const TileRows<R, OpA> rows(a, i0);
  const float* b = B + j0;
  for (int k = 0; k < K; ++k, b += N) {
    V bv[W];
    for (int v = 0; v < W; ++v) bv[v] = vec4::load(b + 4 * v);
    for (int r = 0; r < R; ++r) {
      const V ar = vec4::splat(rows.at(r, k));
      for (int v = 0; v < W; ++v) acc[r][v] = vec4::mul_add(acc[r][v], ar, bv[v]);
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < W; ++v) vec4::store(C + static_cast<long>(i0 + r) * N + j0 + 4 * v, acc[r][v]);
}

// The last NC < 4 columns from j0 (N not a multiple of 4, e.g. a 2-class output layer)
// for four rows at once: the lanes are the rows, each summed over k in order as in the
// twin. A plain, untransposed A gives its four rows k..k+3 as a 4 x 4 block turned in
// registers, not sixteen scalar reads.
template <int NC, class OpA>
inline void direct_columns4(const OpA& a, int N, int K, const float* B, float* C, int i0, int j0, Start start) {
  float* c = C + static_cast<long>(i0) * N + j0;
  V acc[NC];
  for (int j = 0; j < NC; ++j)
    acc[j] = start.from_c ? vec4::make(c[j], c[N + j], c[2L * N + j], c[3L * N + j]) : vec4::splat(start.at(C, N, i0, j0 + j));
  const float* b = B + j0;
  int k = 0;
  if constexpr (std::is_same_v<OpA, PlainA<TransA::No>>)
    for (; k + 4 <= K; k += 4) {
      V col[4];
      for (int r = 0; r < 4; ++r) col[r] = vec4::load(a.A + static_cast<long>(i0 + r) * K + k);
      vec4::transpose4(col[0], col[1], col[2], col[3]);
      for (int q = 0; q < 4; ++q)
        for (int j = 0; j < NC; ++j) acc[j] = vec4::mul_add(acc[j], col[q], vec4::splat(b[static_cast<long>(k + q) * N + j]));
    }
  for (; k < K; ++k) {
    const V col = a.four(i0, k);
    for (int j = 0; j < NC; ++j) acc[j] = vec4::mul_add(acc[j], col, vec4::splat(b[static_cast<long>(k) * N + j]));
  }
  for (int j = 0; j < NC; ++j) {
    alignas(16) float out[4];
    vec4::store(out, acc[j]);
    for (int r = 0; r < 4; ++r) c[static_cast<long>(r) * N + j] = out[r];
  }
}

template <int R, class OpA>
inline void direct_rows(const OpA& a, int N, int K, const float* B, float* C, int i0, Start start) {
  int j = 0;
  for (; j + 8 <= N; j += 8) direct_tile<R, 2>(a, N, K, B, C, i0, j, start);
  for (; j + 4 <= N; j += 4) direct_tile<R, 1>(a, N, K, B, C, i0, j, start);
  if (j == N) return;
  if constexpr (R == 4) {  // leftover columns, in the scalar twin's order
    if (N - j == 1) return direct_columns4<1>(a, N, K, B, C, i0, j, start);
    if (N - j == 2) return direct_columns4<2>(a, N, K, B, C, i0, j, start);
    return direct_columns4<3>(a, N, K, B, C, i0, j, start);
  }
  for (; j < N; ++j)
    for (int r = 0; r < R; ++r) {
      float c = start.at(C, N, i0 + r, j);
      for (int k = 0; k < K; ++k) c = c + a.at(i0 + r, k) * B[static_cast<long>(k) * N + j];
      C[static_cast<long>(i0 + r) * N + j] = c;
    }
}

template <class OpA>
void gemm_direct(const OpA& a, int M, int N, int K, const float* B, float* C, Start start) {
  int i = 0;
  for (; i + 4 <= M; i += 4) direct_rows<4>(a, N, K, B, C, i, start);
  for (; i < M; ++i) direct_rows<1>(a, N, K, B, C, i, start);
}
void gemm_direct(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, Start start) {
  if (ta == TransA::No) return gemm_direct(PlainA<TransA::No>{M, K, A}, M, N, K, B, C, start);
  gemm_direct(PlainA<TransA::Yes>{M, K, A}, M, N, K, B, C, start);
}

// Below this many multiply-adds the unpacked path was faster in Node 20.
constexpr long kDirectMaxMacs = 8192;

inline int round_up(int x, int m) { return (x + m - 1) / m * m; }

}  // namespace

void gemm_f32(TransA ta, int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (long i = 0; i < static_cast<long>(M) * N; ++i) C[i] = 0.0f;
    return;
  }
  if (static_cast<long>(M) * N * K <= kDirectMaxMacs) return gemm_direct(ta, M, N, K, A, B, C, Start{accumulate, nullptr});
  PackBuffers& buf = pack_buffers();
  const std::size_t a_size = static_cast<std::size_t>(round_up(std::min(M, MC), MR)) * std::min(K, KC);
  const std::size_t b_size = static_cast<std::size_t>(round_up(std::min(N, NC), NR)) * std::min(K, KC);
  if (buf.a.size() < a_size) buf.a.resize(a_size);
  if (buf.b.size() < b_size) buf.b.resize(b_size);
  float* ap = buf.a.data();
  float* bp = buf.b.data();

  for (int j0 = 0; j0 < N; j0 += NC) {
    const int nc = std::min(NC, N - j0);
    for (int k0 = 0; k0 < K; k0 += KC) {
      const int kc = std::min(KC, K - k0);
      const bool load_c = accumulate || k0 > 0;  // the first K slice starts from zero
      pack_b(N, B, k0, kc, j0, nc, bp);
      for (int i0 = 0; i0 < M; i0 += MC) {
        const int mc = std::min(MC, M - i0);
        pack_a(ta, M, K, A, i0, mc, k0, kc, ap);
        for (int q = 0; q < nc; q += NR) {
          const int cols = std::min(NR, nc - q);
          const float* bpanel = bp + static_cast<long>(q) * kc;
          for (int p = 0; p < mc; p += MR) {
            const int rows = std::min(MR, mc - p);
            const float* apanel = ap + static_cast<long>(p) * kc;
            float* c = C + static_cast<long>(i0 + p) * N + j0 + q;
            if (rows == MR && cols == NR)
              micro_kernel(kc, apanel, bpanel, c, N, load_c);
            else
              edge_kernel(kc, apanel, bpanel, c, N, rows, cols, load_c);
          }
        }
      }
    }
  }
}

void gemm_f32_gather(int M, int N, int K, const float* A, const int* a_row, const int* a_col, const float* B, float* C,
                     bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K > 0) return gemm_direct(GatheredA{A, a_row, a_col}, M, N, K, B, C, Start{accumulate, nullptr});
  if (!accumulate)
    for (long i = 0; i < static_cast<long>(M) * N; ++i) C[i] = 0.0f;
}

void gemm_f32_bias(int M, int N, int K, const float* A, const float* B, const float* bias, float* C) {
  if (M <= 0 || N <= 0) return;
  if (K > 0 && static_cast<long>(M) * N * K <= kDirectMaxMacs)
    return gemm_direct(PlainA<TransA::No>{M, K, A}, M, N, K, B, C, Start{false, bias});
  for (int i = 0; i < M; ++i) copy_row(bias, C + static_cast<long>(i) * N, N);
  gemm_f32(TransA::No, M, N, K, A, B, C, true);
}

void transpose(int rows, int cols, const float* in, long ld_in, float* out, long ld_out) {
  const int r4 = rows / 4 * 4, c4 = cols / 4 * 4;
  for (int r = 0; r < r4; r += 4)
    for (int c = 0; c < c4; c += 4) {
      V v[4];
      for (int i = 0; i < 4; ++i) v[i] = vec4::load(in + (r + i) * ld_in + c);
      vec4::transpose4(v[0], v[1], v[2], v[3]);
      for (int i = 0; i < 4; ++i) vec4::store(out + (c + i) * ld_out + r, v[i]);
    }
  for (int r = 0; r < rows; ++r)  // the edges
    for (int c = (r < r4 ? c4 : 0); c < cols; ++c) out[c * ld_out + r] = in[r * ld_in + c];
}

namespace {
template <int W>
void add_column_sums_of(int rows, int cols, const float* in, float* sum) {
  V acc[W];
  for (int v = 0; v < W; ++v) acc[v] = vec4::load(sum + 4 * v);
  for (int r = 0; r < rows; ++r)
    for (int v = 0; v < W; ++v) acc[v] = vec4::add(acc[v], vec4::load(in + static_cast<long>(r) * cols + 4 * v));
  for (int v = 0; v < W; ++v) vec4::store(sum + 4 * v, acc[v]);
}
}  // namespace

void add_column_sums(int rows, int cols, const float* in, float* sum) {
  int c = 0;
  for (; c + 16 <= cols; c += 16) add_column_sums_of<4>(rows, cols, in + c, sum + c);
  for (; c + 8 <= cols; c += 8) add_column_sums_of<2>(rows, cols, in + c, sum + c);
  for (; c + 4 <= cols; c += 4) add_column_sums_of<1>(rows, cols, in + c, sum + c);
  for (; c < cols; ++c) {
    float s = sum[c];
    for (int r = 0; r < rows; ++r) s += in[static_cast<long>(r) * cols + c];
    sum[c] = s;
  }
}

bool gemm_f32_is_simd() { return vec4::kIsSimd128; }

}  // namespace optzoo
