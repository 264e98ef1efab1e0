// e^x and ln x in float from additions, multiplications, one division and bit
// operations alone. A loop over an array of them vectorises to 4 lanes, which
// std::exp and std::log (calls into libm) do not, and every lane, natively or under
// wasm, gives the bits of the scalar function here: glibc's and musl's expf differ.
// exp stays within 1.5 ulp of the exact value and log within 1 (tests/cpp/test_vec_math.cpp
// sweeps the float range; it measured 1.01 and 0.87).
// The softmax cross-entropy of a small network spent a third of its training step in
// libm's expf and logf.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace optzoo {

namespace lanewise {
inline uint32_t bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline float from_bits(uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
// ln 2 as a head with 9 significant bits, so that k * kLn2Hi is exact for |k| < 2^15,
// and the tail ln 2 - kLn2Hi (Cody & Waite, Software Manual for the Elementary
// Functions, 1980).
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;
}  // namespace lanewise

// e^x. Reduction x = k ln2 + r with |r| <= ln2 / 2 and k an integer; e^r from its
// Taylor series to r^7 (the truncation is below 0.01 ulp); 2^k enters as two factors
// 2^(k/2) built in the exponent field, so that a subnormal result rounds once.
inline float exp_lanewise(float x) {
  using namespace lanewise;
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kRound = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  // e^x is 0 below -104 and infinite above 89 in float; NaN passes both comparisons.
  x = std::min(std::max(x, -104.0f), 89.0f);
  const float shifted = x * kLog2e + kRound;
  const float kf = shifted - kRound;
  const int32_t k = static_cast<int32_t>(bits(shifted) - bits(kRound));
  const float r = (x - kf * kLn2Hi) - kf * kLn2Lo;
  const float tail = 1.0f / 2 + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720 + r * (1.0f / 5040)))));
  const float poly = 1.0f + (r + (r * r) * tail);  // the small terms summed before the 1
  const int32_t k1 = k >> 1, k2 = k - k1;  // each in [-75, 64]: normal exponents
  return poly * from_bits(static_cast<uint32_t>(k1 + 127) << 23) * from_bits(static_cast<uint32_t>(k2 + 127) << 23);
}

// ln x. x = 2^k m with m in [sqrt(1/2), sqrt(2)); with f = m - 1 and s = f / (2 + f),
// ln m = 2 atanh s = 2s + 2s^3/3 + 2s^5/5 + ..., |s| < 0.172, summed to s^9. It is
// written f - (f^2/2 - s (f^2/2 + R)) with R = 2s^2/3 + 2s^4/5 + ..., which equals
// 2s + s R and keeps the exact f as the leading term.
inline float log_lanewise(float x) {
  using namespace lanewise;
  const bool subnormal = x < 1.17549435e-38f;
  const float scaled = subnormal ? x * 8388608.0f : x;  // times 2^23
  // Adding 1 - sqrt(1/2) in the significand carries into the exponent exactly when
  // m >= sqrt(2), which puts m in [sqrt(1/2), sqrt(2)).
  const uint32_t shifted = bits(scaled) + (0x3f800000u - 0x3f3504f3u);
  const int32_t k = static_cast<int32_t>(shifted >> 23) - 127 - (subnormal ? 23 : 0);
  const float f = from_bits((shifted & 0x007fffffu) + 0x3f3504f3u) - 1.0f;
  const float s = f / (2.0f + f);
  const float z = s * s;
  const float big_r = z * (2.0f / 3 + z * (2.0f / 5 + z * (2.0f / 7 + z * (2.0f / 9))));
  const float half_f2 = 0.5f * f * f;
  const float kf = static_cast<float>(k);
  const float value = kf * kLn2Hi + ((f - (half_f2 - s * (half_f2 + big_r))) + kf * kLn2Lo);
  // Selects rather than branches, so that a loop still vectorises.
  const float infinity = from_bits(0x7f800000u), nan = from_bits(0x7fc00000u);
  const float finite = x == infinity ? infinity : value;
  const float positive = x == 0.0f ? -infinity : finite;
  return x >= 0.0f ? positive : nan;  // negative or NaN
}

// Overwrite x[0..n) with e^x (or ln x). The double versions call std::exp / std::log
// (they serve the double-precision gradient checks).
void exp_inplace(float* x, std::size_t n);
void log_inplace(float* x, std::size_t n);
inline void exp_inplace(double* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = std::exp(x[i]);
}
inline void log_inplace(double* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = std::log(x[i]);
}

}  // namespace optzoo
