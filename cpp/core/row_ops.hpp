// Copies, zero fills and sums of one row of a few dozen floats, as in a layer's bias
// fill or an image row. As plain loops the compiler turns them into memcpy and memset
// calls, which cost more than the copy at this length; the float ones use 4-lane stores.
#pragma once
#include <algorithm>

#include "core/vec4.hpp"

namespace optzoo {

inline void copy_row(const float* in, float* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) vec4::store(out + i, vec4::load(in + i));
  for (; i < n; ++i) out[i] = in[i];
}
inline void zero_row(float* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) vec4::store(out + i, vec4::splat(0.0f));
  for (; i < n; ++i) out[i] = 0.0f;
}
inline void add_row(const float* in, float* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) vec4::store(out + i, vec4::add(vec4::load(out + i), vec4::load(in + i)));
  for (; i < n; ++i) out[i] += in[i];
}
template <class T>
void add_row(const T* in, T* out, int n) {
  for (int i = 0; i < n; ++i) out[i] += in[i];
}
template <class T>
void copy_row(const T* in, T* out, int n) {
  std::copy(in, in + n, out);
}
template <class T>
void zero_row(T* out, int n) {
  std::fill(out, out + n, T(0));
}

}  // namespace optzoo
