// Four float lanes with a separate multiply and add (no FMA), so every lane rounds
// exactly like scalar code. Under WebAssembly it is a SIMD128 register; natively it is
// an SSE register on x86-64 (the same operations, so the native bench is a fair
// baseline), else a plain struct of four floats. Either way the GEMM built on it gives
// the same bits as its scalar twin.
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace optzoo {
namespace vec4 {

#ifdef __wasm_simd128__
using V = v128_t;
inline V load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, V v) { wasm_v128_store(p, v); }
inline V splat(float x) { return wasm_f32x4_splat(x); }
inline V make(float a, float b, float c, float d) { return wasm_f32x4_make(a, b, c, d); }
inline V mul_add(V acc, V a, V b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
inline V add(V a, V b) { return wasm_f32x4_add(a, b); }
inline V greater(V a, V b) { return wasm_f32x4_gt(a, b); }  // a lane mask for select
inline V select(V mask, V a, V b) { return wasm_v128_bitselect(a, b, mask); }
inline int nonzero_mask(V a) { return wasm_i32x4_bitmask(wasm_f32x4_ne(a, wasm_f32x4_splat(0.0f))); }  // bit i: lane i != 0
inline V even(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 2, 4, 6); }  // a0 a2 b0 b2
inline V odd(V a, V b) { return wasm_i32x4_shuffle(a, b, 1, 3, 5, 7); }   // a1 a3 b1 b3
inline V zip_low(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 4, 1, 5); }   // a0 b0 a1 b1
inline V zip_high(V a, V b) { return wasm_i32x4_shuffle(a, b, 2, 6, 3, 7); }  // a2 b2 a3 b3
// Rows a, b, c, d of a 4 x 4 block become its columns.
inline void transpose4(V& a, V& b, V& c, V& d) {
  const V ab_lo = zip_low(a, b), ab_hi = zip_high(a, b), cd_lo = zip_low(c, d), cd_hi = zip_high(c, d);
  a = wasm_i32x4_shuffle(ab_lo, cd_lo, 0, 1, 4, 5);
  b = wasm_i32x4_shuffle(ab_lo, cd_lo, 2, 3, 6, 7);
  c = wasm_i32x4_shuffle(ab_hi, cd_hi, 0, 1, 4, 5);
  d = wasm_i32x4_shuffle(ab_hi, cd_hi, 2, 3, 6, 7);
}
constexpr bool kIsSimd128 = true;
#elif defined(__SSE2__)
using V = __m128;
inline V load(const float* p) { return _mm_loadu_ps(p); }
inline void store(float* p, V v) { _mm_storeu_ps(p, v); }
inline V splat(float x) { return _mm_set1_ps(x); }
inline V make(float a, float b, float c, float d) { return _mm_setr_ps(a, b, c, d); }
inline V mul_add(V acc, V a, V b) { return _mm_add_ps(acc, _mm_mul_ps(a, b)); }
inline V add(V a, V b) { return _mm_add_ps(a, b); }
inline V greater(V a, V b) { return _mm_cmpgt_ps(a, b); }
inline V select(V mask, V a, V b) { return _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b)); }
inline int nonzero_mask(V a) { return _mm_movemask_ps(_mm_cmpneq_ps(a, _mm_setzero_ps())); }
inline V even(V a, V b) { return _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)); }
inline V odd(V a, V b) { return _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)); }
inline V zip_low(V a, V b) { return _mm_unpacklo_ps(a, b); }
inline V zip_high(V a, V b) { return _mm_unpackhi_ps(a, b); }
inline void transpose4(V& a, V& b, V& c, V& d) { _MM_TRANSPOSE4_PS(a, b, c, d); }
constexpr bool kIsSimd128 = false;
#else
struct V {
  float x[4];
};
inline V load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store(float* p, V v) {
  for (int i = 0; i < 4; ++i) p[i] = v.x[i];
}
inline V splat(float s) { return {{s, s, s, s}}; }
inline V make(float a, float b, float c, float d) { return {{a, b, c, d}}; }
inline V mul_add(V acc, V a, V b) {
  for (int i = 0; i < 4; ++i) acc.x[i] = acc.x[i] + a.x[i] * b.x[i];
  return acc;
}
inline V add(V a, V b) {
  for (int i = 0; i < 4; ++i) a.x[i] = a.x[i] + b.x[i];
  return a;
}
inline V greater(V a, V b) {  // lanes 1 or 0: only select reads them
  for (int i = 0; i < 4; ++i) a.x[i] = a.x[i] > b.x[i] ? 1.0f : 0.0f;
  return a;
}
inline V select(V mask, V a, V b) {
  for (int i = 0; i < 4; ++i) a.x[i] = mask.x[i] != 0.0f ? a.x[i] : b.x[i];
  return a;
}
inline int nonzero_mask(V a) {
  int mask = 0;
  for (int i = 0; i < 4; ++i) mask |= (a.x[i] != 0.0f) << i;
  return mask;
}
inline V even(V a, V b) { return {{a.x[0], a.x[2], b.x[0], b.x[2]}}; }
inline V odd(V a, V b) { return {{a.x[1], a.x[3], b.x[1], b.x[3]}}; }
inline V zip_low(V a, V b) { return {{a.x[0], b.x[0], a.x[1], b.x[1]}}; }
inline V zip_high(V a, V b) { return {{a.x[2], b.x[2], a.x[3], b.x[3]}}; }
inline void transpose4(V& a, V& b, V& c, V& d) {
  V* rows[4] = {&a, &b, &c, &d};
  V t[4];
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) t[j].x[i] = rows[i]->x[j];
  a = t[0], b = t[1], c = t[2], d = t[3];
}
constexpr bool kIsSimd128 = false;
#endif

}  // namespace vec4
}  // namespace optzoo
