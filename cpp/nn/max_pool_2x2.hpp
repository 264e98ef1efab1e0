// LeNet's max pooling, 2 x 2 windows with stride 2, one row of windows at a time, four
// windows per vector. `top` is the windows' first input row and `width` the input's row
// length. Ties and NaNs go as in Pool2d's scalar rule: a later entry wins only if it is
// strictly greater (a, then b, c, d in reading order), so the bits are the same.
// A row whose length is not a multiple of four ends with a vector that overlaps the one
// before it (7 windows: 0-3, then 3-6). Each window is computed on its own and stored,
// not added, so the overlap writes the same bits twice; the scalar tail it replaces cost
// more than the vectors (3 of each 7 windows in the MNIST CNN's second pool).
#pragma once
#include "core/vec4.hpp"

namespace optzoo {

// out[ox] = the largest of the window at top + 2*ox.
template <class T>
void max_pool_2x2_row(const T* top, int width, T* out, int n) {
  for (int ox = 0; ox < n; ++ox) {
    const T* p = top + 2 * ox;
    T best = p[0];
    for (T v : {p[1], p[width], p[width + 1]})
      if (v > best) best = v;
    out[ox] = best;
  }
}

// Writes the input gradient of n windows: 0 + d[ox] at each window's first largest
// entry and +0 at the other three (the sum a zeroed dx would hold).
template <class T>
void max_pool_2x2_row_backward(const T* top, int width, const T* d, T* dtop, int n) {
  for (int ox = 0; ox < n; ++ox) {
    const T* p = top + 2 * ox;
    const int at[4] = {0, 1, width, width + 1};
    int best = 0;
    for (int j = 1; j < 4; ++j)
      if (p[at[j]] > p[at[best]]) best = j;
    for (int j = 0; j < 4; ++j) dtop[2 * ox + at[j]] = j == best ? T(0) + d[ox] : T(0);
  }
}

// The first of the next four windows: the last four start at n - 4.
inline int next_four(int ox, int n) { return ox + 4 < n && ox + 8 > n ? n - 4 : ox + 4; }

inline void max_pool_2x2_row(const float* top, int width, float* out, int n) {
  using vec4::V;
  if (n < 4) return max_pool_2x2_row<float>(top, width, out, n);
  for (int ox = 0; ox < n; ox = next_four(ox, n)) {
    const float* p = top + 2 * ox;
    const V r0a = vec4::load(p), r0b = vec4::load(p + 4), r1a = vec4::load(p + width), r1b = vec4::load(p + width + 4);
    V best = vec4::even(r0a, r0b);
    for (V v : {vec4::odd(r0a, r0b), vec4::even(r1a, r1b), vec4::odd(r1a, r1b)}) best = vec4::select(vec4::greater(v, best), v, best);
    vec4::store(out + ox, best);
  }
}

inline void max_pool_2x2_row_backward(const float* top, int width, const float* d, float* dtop, int n) {
  using vec4::V;
  if (n < 4) return max_pool_2x2_row_backward<float>(top, width, d, dtop, n);
  const V zero = vec4::splat(0.0f);
  for (int ox = 0; ox < n; ox = next_four(ox, n)) {
    const float* p = top + 2 * ox;
    const V r0a = vec4::load(p), r0b = vec4::load(p + 4), r1a = vec4::load(p + width), r1b = vec4::load(p + width + 4);
    const V a = vec4::even(r0a, r0b), b = vec4::odd(r0a, r0b), c = vec4::even(r1a, r1b), e = vec4::odd(r1a, r1b);
    V best = a;
    const V to_b = vec4::greater(b, best);
    best = vec4::select(to_b, b, best);
    const V to_c = vec4::greater(c, best);
    best = vec4::select(to_c, c, best);
    const V to_e = vec4::greater(e, best);
    const V g = vec4::add(zero, vec4::load(d + ox));
    // The last entry that took the lead wins.
    const V ge = vec4::select(to_e, g, zero);
    const V gc = vec4::select(to_e, zero, vec4::select(to_c, g, zero));
    const V gb = vec4::select(to_e, zero, vec4::select(to_c, zero, vec4::select(to_b, g, zero)));
    const V ga = vec4::select(to_e, zero, vec4::select(to_c, zero, vec4::select(to_b, zero, g)));
    float* q = dtop + 2 * ox;
    vec4::store(q, vec4::zip_low(ga, gb));
    vec4::store(q + 4, vec4::zip_high(ga, gb));
    vec4::store(q + width, vec4::zip_low(gc, ge));
    vec4::store(q + width + 4, vec4::zip_high(gc, ge));
  }
}

}  // namespace optzoo
