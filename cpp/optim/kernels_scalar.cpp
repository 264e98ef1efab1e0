// The scalar twins: the ground truth for the fused SIMD128 kernels. Each line is one
// PyTorch tensor operation (add_, mul_, addcmul_, addcdiv_, sqrt, maximum) applied to
// one element, in torch.optim's order.
#include "optim/kernels.hpp"

#include <cmath>

namespace optzoo {

void sgd_kernel_scalar(const SgdCoeffs& c, float* p, const float* g, float* buf, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    float d = g[i];
    if (c.weight_decay != 0.0f) d = d + c.weight_decay * p[i];
    if (buf) {
      buf[i] = c.first ? d : c.momentum * buf[i] + c.keep * d;
      d = c.nesterov ? d + c.momentum * buf[i] : buf[i];
    }
    p[i] = p[i] - c.lr * d;
  }
}

void adam_kernel_scalar(const AdamCoeffs& c, float* p, const float* g, float* m, float* v, float* vmax, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = p[i] * c.decay;
    const float gi = g[i] + c.weight_decay * p[i];
    m[i] = m[i] * c.beta1 + c.one_minus_beta1 * gi;
    v[i] = v[i] * c.beta2 + c.one_minus_beta2 * gi * gi;
    float second = v[i];
    if (vmax) {
      vmax[i] = vmax[i] < v[i] ? v[i] : vmax[i];
      second = vmax[i];
    }
    const float denom = std::sqrt(second) / c.bc2_sqrt + c.eps;
    p[i] = p[i] + (-c.step_size) * (m[i] / denom);
  }
}

void rmsprop_kernel_scalar(const RmspropCoeffs& c, float* p, const float* g, float* sq, float* grad_avg, float* buf,
                           std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float gi = g[i] + c.weight_decay * p[i];
    sq[i] = sq[i] * c.alpha + c.one_minus_alpha * gi * gi;
    float avg;
    if (grad_avg) {
      grad_avg[i] = grad_avg[i] * c.alpha + c.one_minus_alpha * gi;
      avg = std::sqrt(sq[i] + -1.0f * grad_avg[i] * grad_avg[i]) + c.eps;
    } else {
      avg = std::sqrt(sq[i]) + c.eps;
    }
    if (buf) {
      buf[i] = buf[i] * c.momentum + gi / avg;
      p[i] = p[i] + (-c.lr) * buf[i];
    } else {
      p[i] = p[i] + (-c.lr) * (gi / avg);
    }
  }
}

void adagrad_kernel_scalar(const AdagradCoeffs& c, float* p, const float* g, float* sum, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float gi = g[i] + c.weight_decay * p[i];
    sum[i] = sum[i] + gi * gi;
    const float std_ = std::sqrt(sum[i]) + c.eps;
    p[i] = p[i] + (-c.clr) * (gi / std_);
  }
}

void lion_kernel_scalar(const LionCoeffs& c, float* p, const float* g, float* m, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float interp = c.beta1 * m[i] + c.one_minus_beta1 * g[i];
    p[i] = p[i] * c.decay;
    p[i] = p[i] - c.lr * sign_of(interp);
    m[i] = c.beta2 * m[i] + c.one_minus_beta2 * g[i];
  }
}

void signum_kernel_scalar(const SignumCoeffs& c, float* p, const float* g, float* m, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = c.beta * m[i] + c.one_minus_beta * g[i];
    p[i] = p[i] - c.lr * sign_of(m[i]);
  }
}

}  // namespace optzoo
