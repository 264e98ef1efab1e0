// Four float lanes with a separate multiply and add (no FMA), so every lane rounds
// exactly like scalar code. Under WebAssembly it is a SIMD128 register; natively it is
// a plain struct of four floats that the compiler may map onto SSE. Either way the
// GEMM built on it gives the same bits as its scalar twin.
#pragma once

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
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
constexpr bool kIsSimd128 = true;
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
constexpr bool kIsSimd128 = false;
#endif

}  // namespace vec4
}  // namespace optzoo
