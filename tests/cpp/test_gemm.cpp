#include <doctest/doctest.h>

#include <array>
#include <cstring>
#include <vector>

#include "core/gemm.hpp"
#include "core/rng.hpp"

using namespace optzoo;

namespace {
std::vector<float> random_matrix(Rng& r, int n) {
  std::vector<float> m(n);
  for (auto& x : m) x = static_cast<float>(r.uniform(-1, 1));
  return m;
}
}  // namespace

TEST_CASE("gemm: the fast kernel is bit-identical to its scalar twin") {
  INFO("SIMD kernel active: " << gemm_f32_is_simd());
  Rng r(5);
  const int sizes[][3] = {{1, 1, 1}, {3, 5, 7}, {4, 8, 16}, {5, 9, 3}, {17, 33, 10}, {64, 10, 128}, {32, 128, 784}, {7, 3, 1},
                          {32, 2, 8}, {8, 2, 32}, {12, 6, 5}};  // a 2-8-8-2 network's leftover columns
  for (const auto& s : sizes)
    for (TransA ta : {TransA::No, TransA::Yes})
      for (bool acc : {false, true}) {
        const int M = s[0], N = s[1], K = s[2];
        const auto A = random_matrix(r, M * K), B = random_matrix(r, K * N), C0 = random_matrix(r, M * N);
        auto fast = C0, ref = C0;
        gemm_f32(ta, M, N, K, A.data(), B.data(), fast.data(), acc);
        gemm_scalar(ta, M, N, K, A.data(), B.data(), ref.data(), acc);
        INFO("M=" << M << " N=" << N << " K=" << K << " trans=" << (ta == TransA::Yes) << " acc=" << acc);
        CHECK(std::memcmp(fast.data(), ref.data(), fast.size() * sizeof(float)) == 0);
      }
}

TEST_CASE("gemm: the bias-started kernel equals a bias fill then the scalar twin, bit for bit") {
  Rng r(6);
  // Direct (small) and packed (large) paths, leftover rows and columns.
  const int sizes[][3] = {{1, 1, 1}, {32, 8, 2}, {32, 2, 8}, {5, 9, 3}, {7, 3, 1}, {17, 33, 10}, {64, 130, 128}, {3, 6, 0}};
  for (const auto& s : sizes) {
    const int M = s[0], N = s[1], K = s[2];
    const auto A = random_matrix(r, M * K), B = random_matrix(r, K * N), bias = random_matrix(r, N);
    std::vector<float> fast = random_matrix(r, M * N), ref(fast.size());  // fast starts as garbage: it is overwritten
    gemm_f32_bias(M, N, K, A.data(), B.data(), bias.data(), fast.data());
    gemm_bias_scalar(M, N, K, A.data(), B.data(), bias.data(), ref.data());
    INFO("M=" << M << " N=" << N << " K=" << K);
    CHECK(std::memcmp(fast.data(), ref.data(), fast.size() * sizeof(float)) == 0);
    CHECK(ref[static_cast<std::size_t>(M) * N - 1] != 0.0f);
  }
}

TEST_CASE("gemm: the gathering kernel is bit-identical to its twin and reads A[a_row[i] + a_col[k]]") {
  Rng r(9);
  const int sizes[][3] = {{1, 1, 1}, {5, 3, 7}, {25, 8, 784}, {196, 16, 200}, {200, 16, 196}, {13, 5, 9}, {4, 12, 3}};
  for (const auto& s : sizes)
    for (bool acc : {false, true}) {
      const int M = s[0], N = s[1], K = s[2];
      std::vector<int> row(M), col(K);
      for (auto& v : row) v = static_cast<int>(r.uniform(0, 50));
      for (auto& v : col) v = static_cast<int>(r.uniform(0, 50));
      const auto A = random_matrix(r, 100), B = random_matrix(r, K * N), C0 = random_matrix(r, M * N);
      auto fast = C0, ref = C0, plain = C0;
      gemm_f32_gather(M, N, K, A.data(), row.data(), col.data(), B.data(), fast.data(), acc);
      gemm_gather_scalar(M, N, K, A.data(), row.data(), col.data(), B.data(), ref.data(), acc);
      std::vector<float> gathered(static_cast<std::size_t>(M) * K);
      for (int i = 0; i < M; ++i)
        for (int k = 0; k < K; ++k) gathered[static_cast<std::size_t>(i) * K + k] = A[row[i] + col[k]];
      gemm_scalar(TransA::No, M, N, K, gathered.data(), B.data(), plain.data(), acc);
      INFO("M=" << M << " N=" << N << " K=" << K << " acc=" << acc);
      CHECK(std::memcmp(fast.data(), ref.data(), fast.size() * sizeof(float)) == 0);
      CHECK(std::memcmp(ref.data(), plain.data(), ref.size() * sizeof(float)) == 0);
    }
}

TEST_CASE("gemm: the scalar twin computes the matrix product") {
  // [1 2; 3 4] * [5 6; 7 8] = [19 22; 43 50]; with A transposed: [1 3; 2 4] * B = [26 30; 38 44]
  const double A[] = {1, 2, 3, 4}, B[] = {5, 6, 7, 8};
  double C[4];
  gemm_scalar(TransA::No, 2, 2, 2, A, B, C, false);
  CHECK(C[0] == 19);
  CHECK(C[1] == 22);
  CHECK(C[2] == 43);
  CHECK(C[3] == 50);
  gemm_scalar(TransA::Yes, 2, 2, 2, A, B, C, false);
  CHECK(C[0] == 26);
  CHECK(C[1] == 30);
  CHECK(C[2] == 38);
  CHECK(C[3] == 44);
}

TEST_CASE("gemm: blocked kernel equals the scalar twin on odd shapes in the dense layer's three products") {
  // forward y += x W^T (B = W^T), input gradient dx = dy W, weight gradient dW += dy^T x:
  // the sizes straddle the register tile (4 x 8) and, in the last triples, the cache
  // blocks (256 deep, 512 wide, 64 tall), so edge tiles and resumed K slices all run.
  Rng r(11);
  const int dims[] = {1, 3, 17, 63, 65, 130};
  struct Product {
    const char* name;
    TransA ta;
    bool accumulate;
  };
  const Product products[] = {{"x*W^T", TransA::No, true}, {"dy*W", TransA::No, false}, {"dy^T*x", TransA::Yes, true}};
  std::vector<std::array<int, 3>> shapes;
  for (int m : dims)
    for (int n : dims)
      for (int k : dims) shapes.push_back({m, n, k});
  shapes.push_back({65, 530, 600});
  shapes.push_back({130, 17, 513});
  int mismatches = 0;
  for (const auto& p : products)
    for (const auto& s : shapes) {
      const int M = s[0], N = s[1], K = s[2];
      const auto A = random_matrix(r, M * K), B = random_matrix(r, K * N), C0 = random_matrix(r, M * N);
      auto fast = C0, ref = C0;
      gemm_f32(p.ta, M, N, K, A.data(), B.data(), fast.data(), p.accumulate);
      gemm_scalar(p.ta, M, N, K, A.data(), B.data(), ref.data(), p.accumulate);
      if (std::memcmp(fast.data(), ref.data(), fast.size() * sizeof(float)) != 0) {
        ++mismatches;
        INFO(p.name << " M=" << M << " N=" << N << " K=" << K);
        CHECK(std::memcmp(fast.data(), ref.data(), fast.size() * sizeof(float)) == 0);
      }
    }
  CHECK(mismatches == 0);
}
