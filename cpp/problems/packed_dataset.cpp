#include "problems/packed_dataset.hpp"

#include <array>
#include <cstdio>
#include <limits>

#include "core/error.hpp"

namespace optzoo {

namespace {

constexpr uint32_t kVersion = 1;
// Generous sanity bounds for header fields, so that a corrupt header gives a clear message
// instead of a huge size computation. Image side <= 65535, channels <= 4 (gray/RGB/RGBA),
// labels are u8 so at most 256 classes, counts must fit the int fields of ImageDataset.
constexpr uint32_t kMaxSide = 65535;
constexpr uint32_t kMaxChannels = 4;
constexpr uint32_t kMaxClasses = 256;
constexpr uint32_t kMaxCount = static_cast<uint32_t>(std::numeric_limits<int>::max());

std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
    table[n] = c;
  }
  return table;
}

uint32_t read_u32le(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

std::string hex32(uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(v));
  return buf;
}

std::string show_magic(const uint8_t* p) {
  std::string printable = "\"";
  std::string hex;
  for (int i = 0; i < 4; ++i) {
    char b[4];
    std::snprintf(b, sizeof b, "%s%02x", i ? " " : "", static_cast<unsigned>(p[i]));
    hex += b;
    printable += (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
                     ? static_cast<char>(p[i])
                     : '?';
  }
  return printable + "\" (" + hex + ")";
}

void check_range(const std::string& name, const char* field, uint32_t v, uint32_t lo, uint32_t hi) {
  if (v < lo || v > hi) {
    throw Error(name, std::string("bad header: ") + field + " must be between " + std::to_string(lo) +
                          " and " + std::to_string(hi) + ", got " + std::to_string(v));
  }
}

}  // namespace

uint32_t crc32_ieee(const uint8_t* bytes, size_t size, uint32_t crc) {
  static const std::array<uint32_t, 256> table = make_crc_table();
  uint32_t c = crc ^ 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) c = table[(c ^ bytes[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

ImageDataset parse_packed_dataset(const uint8_t* bytes, size_t size, const std::string& name) {
  constexpr size_t kMin = kOzdHeaderBytes + kOzdCrcBytes;
  if (bytes == nullptr && size != 0) throw Error(name, "no data (null buffer)");
  if (size < 4 || bytes[0] != 'O' || bytes[1] != 'Z' || bytes[2] != 'D' || bytes[3] != '1') {
    if (size < 4) {
      throw Error(name, "file is truncated: expected at least " + std::to_string(kMin) +
                            " bytes (OZD1 header + CRC), got " + std::to_string(size) +
                            " (re-run npm run build)");
    }
    throw Error(name, "bad magic: expected \"OZD1\", got " + show_magic(bytes) +
                          " (not an optzoo packed dataset; was an HTML error page served instead?)");
  }
  if (size < kMin) {
    throw Error(name, "file is truncated: expected at least " + std::to_string(kMin) +
                          " bytes (OZD1 header + CRC), got " + std::to_string(size) +
                          " (re-run npm run build)");
  }

  const uint32_t version = read_u32le(bytes + 4);
  if (version != kVersion) {
    throw Error(name, "unsupported version: expected " + std::to_string(kVersion) + ", got " +
                          std::to_string(version) + " (re-run npm run build)");
  }
  const uint32_t n_train = read_u32le(bytes + 8);
  const uint32_t n_test = read_u32le(bytes + 12);
  const uint32_t rows = read_u32le(bytes + 16);
  const uint32_t cols = read_u32le(bytes + 20);
  const uint32_t channels = read_u32le(bytes + 24);
  const uint32_t num_classes = read_u32le(bytes + 28);
  check_range(name, "n_train", n_train, 1, kMaxCount);
  check_range(name, "n_test", n_test, 0, kMaxCount);
  check_range(name, "rows", rows, 1, kMaxSide);
  check_range(name, "cols", cols, 1, kMaxSide);
  check_range(name, "channels", channels, 1, kMaxChannels);
  check_range(name, "num_classes", num_classes, 1, kMaxClasses);
  if (static_cast<uint64_t>(n_train) + n_test > kMaxCount) {
    throw Error(name, "bad header: n_train + n_test must be at most " + std::to_string(kMaxCount) +
                          ", got " + std::to_string(static_cast<uint64_t>(n_train) + n_test));
  }

  // In 64 bits: n < 2^31 and image_bytes <= 65535^2 * 4 < 2^35, so the product could still
  // overflow; check before multiplying. Once size == expected, every size fits in size_t.
  const uint64_t n = static_cast<uint64_t>(n_train) + n_test;
  const uint64_t image_bytes = static_cast<uint64_t>(rows) * cols * channels;
  const uint64_t max_u64 = std::numeric_limits<uint64_t>::max();
  if (image_bytes != 0 && n > (max_u64 - kMin - n) / image_bytes) {
    throw Error(name, "bad header: n_train + n_test = " + std::to_string(n) + " images of " +
                          std::to_string(image_bytes) + " bytes do not fit in memory");
  }
  const uint64_t pixel_bytes = n * image_bytes;
  const uint64_t expected = kMin + n + pixel_bytes;
  if (static_cast<uint64_t>(size) < expected) {
    throw Error(name, "file is truncated: expected " + std::to_string(expected) + " bytes, got " +
                          std::to_string(size) + " (re-run npm run build)");
  }
  if (static_cast<uint64_t>(size) > expected) {
    throw Error(name, "file has trailing data: expected " + std::to_string(expected) +
                          " bytes, got " + std::to_string(size) + " (re-run npm run build)");
  }

  const size_t body = size - kOzdCrcBytes;
  const uint32_t stored = read_u32le(bytes + body);
  const uint32_t computed = crc32_ieee(bytes, body);
  if (stored != computed) {
    throw Error(name, "CRC mismatch: file says " + hex32(stored) + ", contents give " + hex32(computed) +
                          " (file is corrupt or partly downloaded; re-run npm run build)");
  }

  const uint8_t* labels = bytes + kOzdHeaderBytes;
  for (uint64_t i = 0; i < n; ++i) {
    if (labels[i] >= num_classes) {
      throw Error(name, "label out of range: image " + std::to_string(i) + " (" +
                            (i < n_train ? "train" : "test") + ") has label " +
                            std::to_string(labels[i]) + ", but num_classes is " +
                            std::to_string(num_classes));
    }
  }

  ImageDataset ds;
  ds.n_train = static_cast<int>(n_train);
  ds.n_test = static_cast<int>(n_test);
  ds.rows = static_cast<int>(rows);
  ds.cols = static_cast<int>(cols);
  ds.channels = static_cast<int>(channels);
  ds.num_classes = static_cast<int>(num_classes);
  ds.labels.assign(labels, labels + n);
  const uint8_t* pixels = labels + n;
  ds.pixels.assign(pixels, pixels + static_cast<size_t>(pixel_bytes));
  return ds;
}

}  // namespace optzoo
