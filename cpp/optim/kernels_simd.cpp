// The fast update kernels: SIMD128 under WebAssembly, four elements per instruction,
// each element going through exactly the operations of its scalar twin in the same
// order (so the results are bit-identical); the last n % 4 elements go through the
// twin itself. Elsewhere the fast kernels are the twins.
#include "optim/kernels.hpp"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace optzoo {

#ifdef __wasm_simd128__
namespace {

using V = v128_t;
inline V ld(const float* x) { return wasm_v128_load(x); }
inline void st(float* x, V v) { wasm_v128_store(x, v); }
inline V splat(float x) { return wasm_f32x4_splat(x); }
inline V add(V a, V b) { return wasm_f32x4_add(a, b); }
inline V sub(V a, V b) { return wasm_f32x4_sub(a, b); }
inline V mul(V a, V b) { return wasm_f32x4_mul(a, b); }
inline V div(V a, V b) { return wasm_f32x4_div(a, b); }
inline V sqrt_(V a) { return wasm_f32x4_sqrt(a); }
// sign_of: (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0)
inline V sign(V x) {
  const V zero = splat(0.0f), one = splat(1.0f);
  return sub(wasm_v128_and(wasm_f32x4_gt(x, zero), one), wasm_v128_and(wasm_f32x4_lt(x, zero), one));
}

constexpr std::size_t kLanes = 4;
inline std::size_t vector_end(std::size_t n) { return n - n % kLanes; }

}  // namespace

void sgd_kernel(const SgdCoeffs& c, float* p, const float* g, float* buf, std::size_t n) {
  const V lr = splat(c.lr), m = splat(c.momentum), keep = splat(c.keep), wd = splat(c.weight_decay);
  const std::size_t end = vector_end(n);
  for (std::size_t i = 0; i < end; i += kLanes) {
    V pi = ld(p + i), d = ld(g + i);
    if (c.weight_decay != 0.0f) d = add(d, mul(wd, pi));
    if (buf) {
      const V b = c.first ? d : add(mul(m, ld(buf + i)), mul(keep, d));
      st(buf + i, b);
      d = c.nesterov ? add(d, mul(m, b)) : b;
    }
    st(p + i, sub(pi, mul(lr, d)));
  }
  sgd_kernel_scalar(c, p + end, g + end, buf ? buf + end : nullptr, n - end);
}

void adam_kernel(const AdamCoeffs& c, float* p, const float* g, float* m, float* v, float* vmax, std::size_t n) {
  const V decay = splat(c.decay), wd = splat(c.weight_decay), b1 = splat(c.beta1), omb1 = splat(c.one_minus_beta1),
          b2 = splat(c.beta2), omb2 = splat(c.one_minus_beta2), bc2 = splat(c.bc2_sqrt), eps = splat(c.eps),
          neg_step = splat(-c.step_size);
  const std::size_t end = vector_end(n);
  for (std::size_t i = 0; i < end; i += kLanes) {
    const V pi = mul(ld(p + i), decay);
    const V gi = add(ld(g + i), mul(wd, pi));
    const V mi = add(mul(ld(m + i), b1), mul(omb1, gi));
    const V vi = add(mul(ld(v + i), b2), mul(mul(omb2, gi), gi));
    st(m + i, mi);
    st(v + i, vi);
    V second = vi;
    if (vmax) {
      second = wasm_f32x4_pmax(ld(vmax + i), vi);  // vmax < v ? v : vmax
      st(vmax + i, second);
    }
    const V denom = add(div(sqrt_(second), bc2), eps);
    st(p + i, add(pi, mul(neg_step, div(mi, denom))));
  }
  adam_kernel_scalar(c, p + end, g + end, m + end, v + end, vmax ? vmax + end : nullptr, n - end);
}

void rmsprop_kernel(const RmspropCoeffs& c, float* p, const float* g, float* sq, float* grad_avg, float* buf,
                    std::size_t n) {
  const V wd = splat(c.weight_decay), a = splat(c.alpha), oma = splat(c.one_minus_alpha), eps = splat(c.eps),
          mom = splat(c.momentum), neg_lr = splat(-c.lr), neg_one = splat(-1.0f);
  const std::size_t end = vector_end(n);
  for (std::size_t i = 0; i < end; i += kLanes) {
    const V pi = ld(p + i);
    const V gi = add(ld(g + i), mul(wd, pi));
    const V si = add(mul(ld(sq + i), a), mul(mul(oma, gi), gi));
    st(sq + i, si);
    V avg;
    if (grad_avg) {
      const V ga = add(mul(ld(grad_avg + i), a), mul(oma, gi));
      st(grad_avg + i, ga);
      avg = add(sqrt_(add(si, mul(mul(neg_one, ga), ga))), eps);
    } else {
      avg = add(sqrt_(si), eps);
    }
    if (buf) {
      const V b = add(mul(ld(buf + i), mom), div(gi, avg));
      st(buf + i, b);
      st(p + i, add(pi, mul(neg_lr, b)));
    } else {
      st(p + i, add(pi, mul(neg_lr, div(gi, avg))));
    }
  }
  rmsprop_kernel_scalar(c, p + end, g + end, sq + end, grad_avg ? grad_avg + end : nullptr, buf ? buf + end : nullptr,
                        n - end);
}

void adagrad_kernel(const AdagradCoeffs& c, float* p, const float* g, float* sum, std::size_t n) {
  const V wd = splat(c.weight_decay), eps = splat(c.eps), neg_clr = splat(-c.clr);
  const std::size_t end = vector_end(n);
  for (std::size_t i = 0; i < end; i += kLanes) {
    const V pi = ld(p + i);
    const V gi = add(ld(g + i), mul(wd, pi));
    const V s = add(ld(sum + i), mul(gi, gi));
    st(sum + i, s);
    st(p + i, add(pi, mul(neg_clr, div(gi, add(sqrt_(s), eps)))));
  }
  adagrad_kernel_scalar(c, p + end, g + end, sum + end, n - end);
}

void lion_kernel(const LionCoeffs& c, float* p, const float* g, float* m, std::size_t n) {
  const V lr = splat(c.lr), b1 = splat(c.beta1), omb1 = splat(c.one_minus_beta1), b2 = splat(c.beta2),
          omb2 = splat(c.one_minus_beta2), decay = splat(c.decay);
  const std::size_t end = vector_end(n);
  for (std::size_t i = 0; i < end; i += kLanes) {
    const V mi = ld(m + i), gi = ld(g + i);
    const V interp = add(mul(b1, mi), mul(omb1, gi));
    st(p + i, sub(mul(ld(p + i), decay), mul(lr, sign(interp))));
    st(m + i, add(mul(b2, mi), mul(omb2, gi)));
  }
  lion_kernel_scalar(c, p + end, g + end, m + end, n - end);
}

void signum_kernel(const SignumCoeffs& c, float* p, const float* g, float* m, std::size_t n) {
  const V lr = splat(c.lr), b = splat(c.beta), omb = splat(c.one_minus_beta);
  const std::size_t end = vector_end(n);
  for (std::size_t i = 0; i < end; i += kLanes) {
    const V mi = add(mul(b, ld(m + i)), mul(omb, ld(g + i)));
    st(m + i, mi);
    st(p + i, sub(ld(p + i), mul(lr, sign(mi))));
  }
  signum_kernel_scalar(c, p + end, g + end, m + end, n - end);
}

bool optim_kernels_are_simd() { return true; }

#else

void sgd_kernel(const SgdCoeffs& c, float* p, const float* g, float* buf, std::size_t n) {
  sgd_kernel_scalar(c, p, g, buf, n);
}
void adam_kernel(const AdamCoeffs& c, float* p, const float* g, float* m, float* v, float* vmax, std::size_t n) {
  adam_kernel_scalar(c, p, g, m, v, vmax, n);
}
void rmsprop_kernel(const RmspropCoeffs& c, float* p, const float* g, float* sq, float* grad_avg, float* buf,
                    std::size_t n) {
  rmsprop_kernel_scalar(c, p, g, sq, grad_avg, buf, n);
}
void adagrad_kernel(const AdagradCoeffs& c, float* p, const float* g, float* sum, std::size_t n) {
  adagrad_kernel_scalar(c, p, g, sum, n);
}
void lion_kernel(const LionCoeffs& c, float* p, const float* g, float* m, std::size_t n) {
  lion_kernel_scalar(c, p, g, m, n);
}
void signum_kernel(const SignumCoeffs& c, float* p, const float* g, float* m, std::size_t n) {
  signum_kernel_scalar(c, p, g, m, n);
}
bool optim_kernels_are_simd() { return false; }

#endif

}  // namespace optzoo
