// Newton-Schulz iterations towards the orthogonal polar factor U V^T of a matrix
// G = U S V^T, using matrix products only.
//   cubic:   X <- 1.5 X - 0.5 X X^T X, converging to U V^T when ||X||_2 < sqrt(3)
//            (Higham, Functions of matrices, 2008, section 8.3);
//   quintic: X <- a X + b (X X^T) X + c (X X^T)^2 X, (a, b, c) = (3.4445, -4.7750, 2.0315),
//            Muon's tuning: fast, but leaves the singular values in about [0.7, 1.2]
//            (Jordan et al., Muon: an optimizer for hidden layers, 2024).
// X starts at G / ||G||_F so that every singular value is at most 1.
#pragma once
#include "optim/dense_linalg.hpp"

namespace optzoo {

enum class NewtonSchulz { Cubic, Quintic };

// The iterate after `steps`, and the flops it took in *flops (if not null).
MatrixD newton_schulz(const MatrixD& g, int steps, NewtonSchulz kind, double* flops = nullptr);

}  // namespace optzoo
