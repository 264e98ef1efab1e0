#include "core/vec_math.hpp"

namespace optzoo {

// Plain loops: the compiler vectorises the inline functions' branch-free arithmetic
// (seen in the wasm disassembly: f32x4 and i32x4 operations). Only speed depends on
// it; the bits are the scalar functions' either way.
void exp_inplace(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = exp_lanewise(x[i]);
}
void log_inplace(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = log_lanewise(x[i]);
}

}  // namespace optzoo
