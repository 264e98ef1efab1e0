// Small dense linear algebra for the curvature methods, on Eigen (clarity over speed:
// Eigen has no wasm SIMD backend, and these matrices are refreshed every few steps).
// Factors are stored in optimizer state as float slots and computed in double.
#pragma once
#include <Eigen/Dense>
#include <vector>

namespace optzoo {

using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;
using VectorD = Eigen::Matrix<double, Eigen::Dynamic, 1>;

// A row-major float slot viewed as a square matrix, and back.
inline MatrixD load_square(const std::vector<float>& slot, int n) {
  MatrixD m(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) m(i, j) = slot[static_cast<std::size_t>(i) * n + j];
  return m;
}

inline void store_square(const MatrixD& m, std::vector<float>& slot) {
  const int n = static_cast<int>(m.rows());
  slot.resize(static_cast<std::size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) slot[static_cast<std::size_t>(i) * n + j] = static_cast<float>(m(i, j));
}

// S^p for a symmetric positive semi-definite S through its eigendecomposition, with
// eigenvalues raised to at least `floor` first (negative p needs a positive floor).
inline MatrixD symmetric_power(const MatrixD& s, double p, double floor) {
  Eigen::SelfAdjointEigenSolver<MatrixD> eig(s);
  VectorD lambda = eig.eigenvalues().cwiseMax(floor).array().pow(p).matrix();
  return eig.eigenvectors() * lambda.asDiagonal() * eig.eigenvectors().transpose();
}

// Flop estimates for the reported compute: a symmetric eigendecomposition (about
// 9 n^3 with the vectors, Golub & Van Loan), a Cholesky factorisation, and a product.
inline double eig_flops(double n) { return 9 * n * n * n; }
inline double cholesky_flops(double n) { return n * n * n / 3; }
inline double matmul_flops(double m, double n, double k) { return 2 * m * n * k; }

}  // namespace optzoo
