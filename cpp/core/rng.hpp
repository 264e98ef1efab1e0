// A seeded random number generator that gives the same numbers natively, in Node
// and in every browser. It uses only integer arithmetic and IEEE +,-,*,/,sqrt, which
// are exactly specified, so no libm difference can leak into a trajectory. That is
// also why std::*_distribution is not used: its algorithms differ across libraries.
#pragma once
#include <cstdint>

namespace optzoo {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0, uint64_t stream = 0);

  uint64_t next_u64();                 // xoshiro256** (Blackman & Vigna, 2018)
  double uniform();                    // [0, 1), 53 random bits
  double uniform(double lo, double hi);
  uint32_t below(uint32_t n);          // uniform integer in [0, n), unbiased
  double normal();                     // N(0, 1), Marsaglia's polar method

  // An independent generator for a named purpose (init, minibatches, noise, ...),
  // so adding draws for one purpose never shifts the numbers of another.
  Rng fork(uint64_t stream) const;

 private:
  uint64_t s_[4];
  uint64_t seed_, stream_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Natural log built from exactly-rounded operations only (frexp + atanh series), so
// it is bit-identical on every platform; used by the normal sampler.
double portable_log(double x);

namespace rng_streams {
constexpr uint64_t kInit = 1, kBatches = 2, kData = 3, kNoise = 4, kSplit = 5;
}

}  // namespace optzoo
