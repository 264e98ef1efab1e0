// Fused element-wise update kernels for the hot optimizers: one pass over the flat
// parameter buffer that reads the gradient, updates the state and the parameters.
//
// Each kernel has a scalar twin (kernels_scalar.cpp), the ground truth. The fast
// version (kernels_simd.cpp) is SIMD128 under WebAssembly and the twin elsewhere. It
// performs the same IEEE operations (+, *, /, sqrt, comparisons) in the same order
// on every element, so the two are bit-identical, which the wasm tests check on the
// parameters and on the state. The operation order is torch.optim's
// _single_tensor_* loops (PyTorch 1.13), so trajectories match PyTorch in float32.
#pragma once
#include <cstddef>

namespace optzoo {

// torch.optim.SGD: g += wd p; b = first ? g : m b + keep g; d = nesterov ? g + m b : b; p -= lr d
struct SgdCoeffs {
  float lr, momentum, keep, weight_decay;  // keep = 1 - dampening
  bool nesterov, first;
};
// buf may be null (no momentum).
void sgd_kernel(const SgdCoeffs& c, float* p, const float* g, float* buf, std::size_t n);
void sgd_kernel_scalar(const SgdCoeffs& c, float* p, const float* g, float* buf, std::size_t n);

// torch.optim.Adam / AdamW: p *= decay (AdamW); g += wd p (Adam's L2);
// m = b1 m + (1-b1) g; v = b2 v + (1-b2) g g; vmax = max(vmax, v) (amsgrad);
// p += -step_size * m / (sqrt(v or vmax) / bc2_sqrt + eps)
struct AdamCoeffs {
  float step_size;  // lr / (1 - b1^t)
  float beta1, one_minus_beta1, beta2, one_minus_beta2;
  float bc2_sqrt;      // sqrt(1 - b2^t)
  float eps;
  float weight_decay;  // L2 added to the gradient (Adam); 0 for AdamW
  float decay;         // multiplier applied to p first (AdamW: 1 - lr wd); 1 for Adam
};
// vmax may be null (no amsgrad).
void adam_kernel(const AdamCoeffs& c, float* p, const float* g, float* m, float* v, float* vmax, std::size_t n);
void adam_kernel_scalar(const AdamCoeffs& c, float* p, const float* g, float* m, float* v, float* vmax, std::size_t n);

// torch.optim.RMSprop: g += wd p; s = a s + (1-a) g g; centered: ga = a ga + (1-a) g,
// avg = sqrt(s - ga ga) + eps, else sqrt(s) + eps; momentum: b = m b + g / avg, p -= lr b;
// else p -= lr g / avg
struct RmspropCoeffs {
  float lr, alpha, one_minus_alpha, eps, weight_decay, momentum;
};
// grad_avg is null unless centered; buf is null unless momentum > 0.
void rmsprop_kernel(const RmspropCoeffs& c, float* p, const float* g, float* sq, float* grad_avg, float* buf,
                    std::size_t n);
void rmsprop_kernel_scalar(const RmspropCoeffs& c, float* p, const float* g, float* sq, float* grad_avg, float* buf,
                           std::size_t n);

// torch.optim.Adagrad: g += wd p; sum += g g; p -= clr g / (sqrt(sum) + eps)
struct AdagradCoeffs {
  float clr, eps, weight_decay;
};
void adagrad_kernel(const AdagradCoeffs& c, float* p, const float* g, float* sum, std::size_t n);
void adagrad_kernel_scalar(const AdagradCoeffs& c, float* p, const float* g, float* sum, std::size_t n);

// Lion (Chen et al. 2023, Algorithm 2): p *= 1 - lr wd; p -= lr sign(b1 m + (1-b1) g);
// m = b2 m + (1-b2) g
struct LionCoeffs {
  float lr, beta1, one_minus_beta1, beta2, one_minus_beta2, decay;  // decay = 1 - lr wd
};
void lion_kernel(const LionCoeffs& c, float* p, const float* g, float* m, std::size_t n);
void lion_kernel_scalar(const LionCoeffs& c, float* p, const float* g, float* m, std::size_t n);

// Signum (Bernstein et al. 2018): m = b m + (1-b) g; p -= lr sign(m)
struct SignumCoeffs {
  float lr, beta, one_minus_beta;
};
void signum_kernel(const SignumCoeffs& c, float* p, const float* g, float* m, std::size_t n);
void signum_kernel_scalar(const SignumCoeffs& c, float* p, const float* g, float* m, std::size_t n);

// True when the fast kernels are SIMD128 (the wasm build).
bool optim_kernels_are_simd();

// sign(x) with sign(0) = 0, as torch.sign; NaN gives 0.
inline float sign_of(float x) { return (x > 0.0f ? 1.0f : 0.0f) - (x < 0.0f ? 1.0f : 0.0f); }

}  // namespace optzoo
