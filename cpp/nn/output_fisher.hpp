// The Fisher of a loss read as a negative log-likelihood, in the space of the model's
// outputs: for each example, gradient vectors u (d loss_i / d output) whose outer
// products sum to that example's contribution. Back-propagated through the network,
// they give the Fisher in parameter space (Martens, New insights and perspectives on
// the natural gradient method, JMLR 2020, section 9).
//   cross_entropy  p(y|x) = softmax(z): E_y[u u^T] = diag(p) - p p^T, exactly
//                  sum_c p_c (p - e_c)(p - e_c)^T, so the probes are sqrt(p_c) (p - e_c);
//   mse            the mean over k outputs of (z - y)^2 is, up to a constant, the
//                  negative log-likelihood of y ~ N(z, (k/2) I), so E_y[u u^T] = (2/k) I;
//   binary_cross_entropy  y_j ~ Bernoulli(sigmoid(z_j)) and the mean over k outputs:
//                  E_y[u u^T] = diag(s (1 - s)) / k^2.
#pragma once
#include "core/rng.hpp"
#include "nn/loss.hpp"
#include "core/curvature.hpp"

namespace optzoo {

// Probes per example for this loss and Fisher kind (1 unless kind is True).
int probes_per_example(LossKind loss, FisherKind kind, int outputs);

// dout receives [n * probes_per_example][outputs]: row i * P + c is probe c of
// example i. Empirical uses the labels in t; Sampled draws one label per example from
// the model with rng; True lists the probes above. Not divided by n.
void output_probes(LossKind loss, FisherKind kind, const Tensor<float>& out, const TargetView& t, Rng& rng,
                   Tensor<float>& dout);

}  // namespace optzoo
