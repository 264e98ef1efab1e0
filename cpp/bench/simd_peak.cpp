// The 4-lane float ceiling of the machine the bench runs on. The GEMM kernels issue as
// many multiplies as adds, kept separate (no FMA: -ffp-contract=off), so no kernel can
// run faster than 2 x min(multiply rate, add rate). Each rate is measured here by 12
// independent chains of that one op, all in registers (x = x * m, or y = y + a), which
// cover its 3-4 cycle latency on two or more units. Mixing both kinds in one loop needs
// more chains than x86-64's 16 vector registers hold (V8 keeps one as scratch): six of
// each reached only 70-80% of the sum, below what the GEMM itself sustained.
// GCC's vector extension compiles to f32x4.mul / f32x4.add under em++ -msimd128 and to
// SSE mulps / addps natively, so both builds measure the same loops.
#include "bench/bench.hpp"

namespace optzoo {
namespace {

typedef float f32x4 __attribute__((vector_size(16)));
constexpr int kChains = 12;
constexpr int kUnroll = 64;
static_assert(kSimdPeakFlopsPerRep == 4.0 * kChains * kUnroll, "flop count must match the loop");

template <class Step>
double chains(int reps, Step step) {
  f32x4 v[kChains];
  for (int c = 0; c < kChains; ++c) v[c] = f32x4{1.0f, 0.5f, 0.25f, 0.125f} * static_cast<float>(c + 1);
  for (int r = 0; r < reps; ++r)
    for (int u = 0; u < kUnroll; ++u)
      for (int c = 0; c < kChains; ++c) v[c] = step(v[c]);
  f32x4 s = v[0];
  for (int c = 1; c < kChains; ++c) s += v[c];
  return static_cast<double>(s[0]) + s[1] + s[2] + s[3];
}

}  // namespace

double simd_peak_run(PeakOp op, int reps) {
  // m = -1 only flips signs and y creeps up by a until it saturates: no overflow, no
  // subnormals, whatever reps is. `volatile` keeps the compiler from folding them.
  volatile float mv = -1.0f, av = 0.001f;
  const f32x4 m = {mv, mv, mv, mv}, a = {av, av, av, av};
  if (op == PeakOp::Multiply) return chains(reps, [m](f32x4 x) { return x * m; });
  return chains(reps, [a](f32x4 y) { return y + a; });
}

}  // namespace optzoo
