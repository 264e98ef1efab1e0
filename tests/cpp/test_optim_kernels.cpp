// The fused update kernels against their scalar twins, on parameters and on every
// state buffer, for sizes with and without a SIMD tail. Under WebAssembly the fast
// kernels are SIMD128; they perform the same IEEE operations in the same order, so
// the comparison is exact (memcmp), not within a tolerance. Natively the fast kernel
// is the twin itself, so this test only bites in the wasm doctest build.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "core/rng.hpp"
#include "optim/kernels.hpp"

using namespace optzoo;

namespace {

std::vector<float> random_vector(Rng& r, std::size_t n, double lo, double hi) {
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(r.uniform(lo, hi));
  return v;
}

bool same(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

const std::size_t kSizes[] = {1, 3, 4, 5, 8, 13, 64, 101};

// Runs `fast` and `twin` on identical copies of params and `state_count` state
// buffers (non-negative where `positive`), then compares everything.
template <class Fast, class Twin>
void compare(const char* what, int state_count, bool positive_state, Fast fast, Twin twin) {
  Rng r(42);
  for (std::size_t n : kSizes) {
    auto p = random_vector(r, n, -1, 1), g = random_vector(r, n, -2, 2);
    g[0] = 0.0f;  // sign(0) and zero-gradient paths
    std::vector<std::vector<float>> state;
    for (int k = 0; k < state_count; ++k) state.push_back(random_vector(r, n, positive_state ? 0 : -1, 1));
    auto p2 = p;
    auto state2 = state;
    for (int rep = 0; rep < 3; ++rep) {  // a few steps so state feeds back
      fast(p.data(), g.data(), state, n);
      twin(p2.data(), g.data(), state2, n);
    }
    INFO(what << " n=" << n << " simd=" << optim_kernels_are_simd());
    CHECK(same(p, p2));
    for (int k = 0; k < state_count; ++k) CHECK(same(state[k], state2[k]));
  }
}

using State = std::vector<std::vector<float>>;
float* at(State& s, int k) { return s[k].data(); }

}  // namespace

TEST_CASE("kernels: SIMD equals the scalar twin for sgd (plain, momentum, nesterov, first step)") {
  for (bool nesterov : {false, true})
    for (bool first : {false, true}) {
      const SgdCoeffs c{0.1f, 0.9f, 0.7f, 0.01f, nesterov, first};
      compare("sgd momentum", 1, false,
              [&](float* p, const float* g, State& s, std::size_t n) { sgd_kernel(c, p, g, at(s, 0), n); },
              [&](float* p, const float* g, State& s, std::size_t n) { sgd_kernel_scalar(c, p, g, at(s, 0), n); });
    }
  const SgdCoeffs plain{0.1f, 0.0f, 1.0f, 0.0f, false, false};
  compare("sgd plain", 0, false, [&](float* p, const float* g, State&, std::size_t n) { sgd_kernel(plain, p, g, nullptr, n); },
          [&](float* p, const float* g, State&, std::size_t n) { sgd_kernel_scalar(plain, p, g, nullptr, n); });
}

TEST_CASE("kernels: SIMD equals the scalar twin for adam, adamw and amsgrad") {
  for (bool amsgrad : {false, true})
    for (bool decoupled : {false, true}) {
      AdamCoeffs c{0.01f / 0.19f, 0.9f, 0.1f, 0.999f, 0.001f, 0.0447f, 1e-8f, decoupled ? 0.0f : 0.1f, decoupled ? 0.999f : 1.0f};
      compare("adam", 3, true,
              [&](float* p, const float* g, State& s, std::size_t n) { adam_kernel(c, p, g, at(s, 0), at(s, 1), amsgrad ? at(s, 2) : nullptr, n); },
              [&](float* p, const float* g, State& s, std::size_t n) {
                adam_kernel_scalar(c, p, g, at(s, 0), at(s, 1), amsgrad ? at(s, 2) : nullptr, n);
              });
    }
}

TEST_CASE("kernels: SIMD equals the scalar twin for rmsprop (centered, momentum) and adagrad") {
  for (bool centered : {false, true})
    for (bool momentum : {false, true}) {
      const RmspropCoeffs c{0.01f, 0.99f, 0.01f, 1e-8f, 0.05f, momentum ? 0.9f : 0.0f};
      // Centered needs s >= ga^2 to stay real: start grad_avg at 0 (buffer 1 is zeroed below).
      compare("rmsprop", 3, true,
              [&](float* p, const float* g, State& s, std::size_t n) {
                s[1].assign(n, 0.0f);
                rmsprop_kernel(c, p, g, at(s, 0), centered ? at(s, 1) : nullptr, momentum ? at(s, 2) : nullptr, n);
              },
              [&](float* p, const float* g, State& s, std::size_t n) {
                s[1].assign(n, 0.0f);
                rmsprop_kernel_scalar(c, p, g, at(s, 0), centered ? at(s, 1) : nullptr, momentum ? at(s, 2) : nullptr, n);
              });
    }
  const AdagradCoeffs c{0.1f, 1e-10f, 0.01f};
  compare("adagrad", 1, true, [&](float* p, const float* g, State& s, std::size_t n) { adagrad_kernel(c, p, g, at(s, 0), n); },
          [&](float* p, const float* g, State& s, std::size_t n) { adagrad_kernel_scalar(c, p, g, at(s, 0), n); });
}

TEST_CASE("kernels: SIMD equals the scalar twin for lion and signum") {
  const LionCoeffs lc{1e-3f, 0.9f, 0.1f, 0.99f, 0.01f, 0.9999f};
  compare("lion", 1, false, [&](float* p, const float* g, State& s, std::size_t n) { lion_kernel(lc, p, g, at(s, 0), n); },
          [&](float* p, const float* g, State& s, std::size_t n) { lion_kernel_scalar(lc, p, g, at(s, 0), n); });
  const SignumCoeffs sc{1e-3f, 0.9f, 0.1f};
  compare("signum", 1, false, [&](float* p, const float* g, State& s, std::size_t n) { signum_kernel(sc, p, g, at(s, 0), n); },
          [&](float* p, const float* g, State& s, std::size_t n) { signum_kernel_scalar(sc, p, g, at(s, 0), n); });
}

TEST_CASE("kernels: the wasm build really runs the SIMD128 kernels") {
#ifdef __wasm_simd128__
  CHECK(optim_kernels_are_simd());
#else
  CHECK(!optim_kernels_are_simd());
#endif
}

TEST_CASE("kernels: the scalar twins compute the documented updates") {
  // One element by hand. Adam, step 1 (bias corrections 0.1 and 0.001): m = 0.1 g,
  // v = 0.001 g^2, denom = |g| + eps, p -= 0.01/0.1 * 0.1 g / |g| = 0.01 sign(g).
  float p = 1.0f, g = 0.5f, m = 0.0f, v = 0.0f;
  const AdamCoeffs c{0.1f, 0.9f, 0.1f, 0.999f, 0.001f, 0.0316227766f, 0.0f, 0.0f, 1.0f};
  adam_kernel_scalar(c, &p, &g, &m, &v, nullptr, 1);
  CHECK(p == doctest::Approx(0.99).epsilon(1e-6));
  // Lion: sign(0.9*0 + 0.1*g) = 1, p = p*(1 - lr*wd) - lr.
  float q = 2.0f, mom = 0.0f;
  const LionCoeffs lc{0.1f, 0.9f, 0.1f, 0.99f, 0.01f, 0.95f};
  lion_kernel_scalar(lc, &q, &g, &mom, 1);
  CHECK(q == doctest::Approx(2.0 * 0.95 - 0.1));
  CHECK(mom == doctest::Approx(0.005));
  CHECK(sign_of(-3.0f) == -1.0f);
  CHECK(sign_of(0.0f) == 0.0f);
}
