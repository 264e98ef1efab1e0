#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/rng.hpp"

using namespace optzoo;

TEST_CASE("rng: the same seed and stream give the same numbers; other streams differ") {
  Rng a(42), b(42), c(42, 7);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next_u64();
    CHECK(x == b.next_u64());
    CHECK(x != c.next_u64());
  }
  Rng f1 = Rng(3).fork(1), f2 = Rng(3).fork(1), f3 = Rng(3).fork(2);
  CHECK(f1.next_u64() == f2.next_u64());
  CHECK(Rng(3).fork(1).next_u64() != f3.next_u64());
}

TEST_CASE("rng: uniform and below stay in range and are roughly uniform") {
  Rng r(1);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) {
    const double u = r.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const uint32_t k = r.below(10);
    REQUIRE(k < 10u);
    ++counts[k];
  }
  for (int c : counts) CHECK(std::abs(c - 10000) < 500);  // ~5 sigma
}

TEST_CASE("rng: the normal sampler has mean 0, variance 1 and Gaussian tails") {
  Rng r(2);
  const int n = 200000;
  double sum = 0, sum2 = 0, beyond2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    sum += x;
    sum2 += x * x;
    beyond2 += std::abs(x) > 2.0;
  }
  CHECK(std::abs(sum / n) < 0.01);
  CHECK(std::abs(sum2 / n - 1.0) < 0.015);
  CHECK(std::abs(beyond2 / n - 0.0455) < 0.003);  // P(|Z| > 2) = 0.0455
}

TEST_CASE("portable_log agrees with std::log to double precision") {
  for (double x : {1e-300, 1e-10, 0.001, 0.3, 0.5, 0.7071, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300}) {
    CHECK(portable_log(x) == doctest::Approx(std::log(x)).epsilon(1e-14));
  }
}
