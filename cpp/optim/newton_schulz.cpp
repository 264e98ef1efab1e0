#include "optim/newton_schulz.hpp"

namespace optzoo {

MatrixD newton_schulz(const MatrixD& g, int steps, NewtonSchulz kind, double* flops) {
  // Work on the wide orientation so that X X^T is the smaller Gram matrix.
  const bool tall = g.rows() > g.cols();
  MatrixD x = tall ? MatrixD(g.transpose()) : g;
  x /= x.norm() + 1e-7;
  const double r = static_cast<double>(x.rows()), c = static_cast<double>(x.cols());
  double work = 0;
  for (int k = 0; k < steps; ++k) {
    const MatrixD gram = x * x.transpose();
    if (kind == NewtonSchulz::Cubic) {
      x = 1.5 * x - 0.5 * gram * x;
      work += 2 * r * r * c + 2 * r * r * c;
    } else {
      const MatrixD poly = -4.7750 * gram + 2.0315 * gram * gram;
      x = 3.4445 * x + poly * x;
      work += 2 * r * r * c + 2 * r * r * r + 2 * r * r * c;
    }
  }
  if (flops) *flops += work;
  return tall ? MatrixD(x.transpose()) : x;
}

}  // namespace optzoo
