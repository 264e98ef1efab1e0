// The 4-lane float ceiling of the machine the bench runs on: independent chains of
// 128-bit multiplies (x = x * m) and adds (y = y + a), all in registers, so nothing but
// the multiply and add units limits them. Equal numbers of multiplies and adds, kept
// separate (no FMA: -ffp-contract=off), is the instruction mix of the GEMM kernels.
// GCC's vector extension compiles to f32x4.mul / f32x4.add under em++ -msimd128 and to
// SSE mulps / addps natively, so both builds measure the same loop. Six chains of each
// cover the 3-4 cycle latencies at two vector ops per cycle, and 12 chains plus the two
// constants fit in the 16 vector registers V8 and g++ have on x86-64 (16 chains of
// x = x * m + a, tried first, spilled and ran slower).
#include "bench/bench.hpp"

namespace optzoo {
namespace {

typedef float f32x4 __attribute__((vector_size(16)));
constexpr int kChains = 6;  // of each kind
constexpr int kUnroll = 64;
static_assert(kSimdPeakFlopsPerRep == 4.0 * 2 * kChains * kUnroll, "flop count must match the loop");

}  // namespace

double simd_peak_run(int reps) {
  // m = -1 only flips signs and y creeps up by a until it saturates: no overflow, no
  // subnormals, whatever reps is. `volatile` keeps the compiler from folding them.
  volatile float mv = -1.0f, av = 0.001f;
  const f32x4 m = {mv, mv, mv, mv}, a = {av, av, av, av};
  f32x4 x[kChains], y[kChains];
  for (int c = 0; c < kChains; ++c) {
    x[c] = f32x4{1.0f, 0.5f, 0.25f, 0.125f} * static_cast<float>(c + 1);
    y[c] = x[c];
  }
  for (int r = 0; r < reps; ++r)
    for (int u = 0; u < kUnroll; ++u)
      for (int c = 0; c < kChains; ++c) {
        x[c] = x[c] * m;
        y[c] = y[c] + a;
      }
  f32x4 s = x[0] + y[0];
  for (int c = 1; c < kChains; ++c) s += x[c] + y[c];
  return static_cast<double>(s[0]) + s[1] + s[2] + s[3];
}

}  // namespace optzoo
