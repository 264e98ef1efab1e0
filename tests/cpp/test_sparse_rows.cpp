// The sparse row kernels (core/sparse_rows) against their scalar twins, bit for bit,
// on every row length up to a few vectors past the widest register chunk, with rows
// that overlap as a convolution's neighbouring pixels do.
#include <doctest/doctest.h>

#include <cstring>
#include <limits>
#include <vector>

#include "core/rng.hpp"
#include "core/sparse_rows.hpp"

using namespace optzoo;

namespace {

struct Terms {
  std::vector<int> offset;
  std::vector<float> g;
};

// n terms with increasing offsets, `step` apart on average (smaller than a row: overlap).
Terms random_terms(Rng& r, int n, int step) {
  Terms t;
  int at = 0;
  for (int i = 0; i < n; ++i) {
    at += 1 + static_cast<int>(r.below(2 * step));
    t.offset.push_back(at);
    t.g.push_back(static_cast<float>(r.normal()));
  }
  return t;
}

std::vector<float> random_vector(Rng& r, std::size_t n) {
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(r.normal());
  return v;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace

TEST_CASE("sparse rows: gather and scatter are bit-identical to their scalar twins") {
  Rng r(31);
  for (int L = 1; L <= 45; ++L)
    for (int n : {0, 1, 7, 60}) {
      const Terms t = random_terms(r, n, 3);
      const std::size_t span = (n ? t.offset.back() : 0) + L;
      const auto in = random_vector(r, span), w = random_vector(r, L), out0 = random_vector(r, span);
      INFO("L=" << L << " n=" << n);

      auto fast = random_vector(r, L), ref = fast;
      sparse_gather_rows(L, in.data(), t.offset.data(), t.g.data(), n, fast.data());
      sparse_gather_rows_scalar(L, in.data(), t.offset.data(), t.g.data(), n, ref.data());
      CHECK(same_bits(fast, ref));

      auto fast_out = out0, ref_out = out0;
      sparse_scatter_rows(L, w.data(), t.offset.data(), t.g.data(), n, fast_out.data());
      sparse_scatter_rows_scalar(L, w.data(), t.offset.data(), t.g.data(), n, ref_out.data());
      CHECK(same_bits(fast_out, ref_out));
    }
}

TEST_CASE("sparse rows: nonzeros lists every entry that is not +0 or -0, NaN included, in order") {
  Rng r(32);
  for (int n : {0, 3, 4, 17, 64, 103}) {
    std::vector<float> x = random_vector(r, n);
    for (int i = 0; i < n; ++i)
      if (r.uniform() < 0.6) x[i] = r.uniform() < 0.5 ? 0.0f : -0.0f;
    if (n > 5) x[5] = std::numeric_limits<float>::quiet_NaN();
    std::vector<int> index(n), want_index;
    std::vector<float> value(n), want_value;
    const int count = nonzeros(x.data(), n, index.data(), value.data());
    for (int i = 0; i < n; ++i)
      if (!(x[i] == 0.0f)) want_index.push_back(i), want_value.push_back(x[i]);
    INFO("n=" << n);
    REQUIRE(count == static_cast<int>(want_index.size()));
    CHECK(std::vector<int>(index.begin(), index.begin() + count) == want_index);
    CHECK(same_bits(std::vector<float>(value.begin(), value.begin() + count), want_value));
  }
}
