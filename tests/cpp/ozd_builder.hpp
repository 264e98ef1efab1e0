// Builds small OZD1 buffers (the packed dataset format) for tests.
#pragma once
#include <cstdint>
#include <vector>

#include "problems/packed_dataset.hpp"

namespace optzoo::testing {

using Bytes = std::vector<uint8_t>;

inline void put_u32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

// Rewrites the trailing CRC so that only the intended defect remains.
inline void fix_crc(Bytes& b) {
  put_u32(b, b.size() - 4, optzoo::crc32_ieee(b.data(), b.size() - 4));
}

struct OzdSpec {
  uint32_t n_train = 3, n_test = 2, rows = 2, cols = 3, channels = 1, num_classes = 4;
};

// A valid OZD1 buffer: label of image i is i % num_classes, pixel j of image i is 10*i + j.
inline Bytes make_ozd(const OzdSpec& s = OzdSpec()) {
  const size_t n = s.n_train + s.n_test;
  const size_t img = static_cast<size_t>(s.rows) * s.cols * s.channels;
  Bytes b(32 + n + n * img + 4, 0);
  b[0] = 'O', b[1] = 'Z', b[2] = 'D', b[3] = '1';
  const uint32_t fields[] = {1, s.n_train, s.n_test, s.rows, s.cols, s.channels, s.num_classes};
  for (int i = 0; i < 7; ++i) put_u32(b, 4 + 4 * i, fields[i]);
  for (size_t i = 0; i < n; ++i) {
    b[32 + i] = static_cast<uint8_t>(i % s.num_classes);
    for (size_t j = 0; j < img; ++j) b[32 + n + i * img + j] = static_cast<uint8_t>(10 * i + j);
  }
  fix_crc(b);
  return b;
}

}  // namespace optzoo::testing
