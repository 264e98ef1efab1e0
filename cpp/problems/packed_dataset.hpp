// Loader for the packed image datasets written by scripts/pack-data.js
// (web/dist/data/<name>.ozd). Format "OZD1", all integers little-endian:
//   offset  0  u8[4]  magic "OZD1"
//   offset  4  u32    version = 1
//   offset  8  u32    n_train
//   offset 12  u32    n_test
//   offset 16  u32    rows
//   offset 20  u32    cols
//   offset 24  u32    channels
//   offset 28  u32    num_classes
//   offset 32  u8     labels[n_train + n_test]                  (train first, then test)
//   then       u8     pixels[(n_train + n_test) * rows * cols * channels]
//                     (image after image, each row-major, channels interleaved)
//   then       u32    CRC-32 (IEEE / zlib) of every byte before it
// Image i's pixels start at pixels[i * rows * cols * channels]; images 0..n_train-1 are the
// training set, n_train..n_train+n_test-1 the test set.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace optzoo {

struct ImageDataset {
  int n_train = 0, n_test = 0, rows = 0, cols = 0, channels = 0, num_classes = 0;
  std::vector<uint8_t> labels;  // n_train + n_test
  std::vector<uint8_t> pixels;  // (n_train + n_test) * rows * cols * channels
};

// Size of the fixed header and of the trailing CRC, in bytes.
constexpr size_t kOzdHeaderBytes = 32;
constexpr size_t kOzdCrcBytes = 4;

// Parses and validates an OZD1 buffer. Throws optzoo::Error(name, rule) when the magic,
// version, header fields, total size, CRC or any label is wrong.
ImageDataset parse_packed_dataset(const uint8_t* bytes, size_t size, const std::string& name);

// Standard CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32()).
// Pass the previous result as `crc` to continue a running checksum.
uint32_t crc32_ieee(const uint8_t* bytes, size_t size, uint32_t crc = 0);

}  // namespace optzoo
