// Tests for the OZD1 packed-dataset loader (cpp/problems/packed_dataset.*).
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "problems/packed_dataset.hpp"
#include "ozd_builder.hpp"

namespace {

using optzoo::ImageDataset;
using optzoo::parse_packed_dataset;
using optzoo::testing::Bytes;
using optzoo::testing::fix_crc;
using optzoo::testing::make_ozd;
using optzoo::testing::put_u32;
using Spec = optzoo::testing::OzdSpec;

// The optzoo::Error message from parsing `b`, or "<no error>".
std::string error_of(const Bytes& b, const std::string& name = "tiny") {
  try {
    parse_packed_dataset(b.data(), b.size(), name);
  } catch (const optzoo::Error& e) {
    return e.what();
  }
  return "<no error>";
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

bool read_file(const std::string& path, Bytes& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace

TEST_CASE("packed_dataset: crc32_ieee matches zlib's CRC-32") {
  const std::string check = "123456789";
  const auto* p = reinterpret_cast<const uint8_t*>(check.data());
  CHECK(optzoo::crc32_ieee(p, 0) == 0u);
  CHECK(optzoo::crc32_ieee(p, check.size()) == 0xCBF43926u);
  // Running checksum over two pieces equals the one-shot checksum.
  CHECK(optzoo::crc32_ieee(p + 4, 5, optzoo::crc32_ieee(p, 4)) == 0xCBF43926u);
  // zlib.crc32(Buffer.from("The quick brown fox jumps over the lazy dog")) in Node.
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  CHECK(optzoo::crc32_ieee(reinterpret_cast<const uint8_t*>(fox.data()), fox.size()) == 0x414FA339u);
}

TEST_CASE("packed_dataset: a valid buffer parses") {
  Spec s;
  s.channels = 2;
  const Bytes b = make_ozd(s);
  const ImageDataset ds = parse_packed_dataset(b.data(), b.size(), "tiny");
  CHECK(ds.n_train == 3);
  CHECK(ds.n_test == 2);
  CHECK(ds.rows == 2);
  CHECK(ds.cols == 3);
  CHECK(ds.channels == 2);
  CHECK(ds.num_classes == 4);
  REQUIRE(ds.labels.size() == 5);
  REQUIRE(ds.pixels.size() == 5u * 2 * 3 * 2);
  CHECK(ds.labels == Bytes{0, 1, 2, 3, 0});
  CHECK(ds.pixels[0] == 0);
  CHECK(ds.pixels[12 * 4 + 11] == 40 + 11);  // image 4, last byte
}

TEST_CASE("packed_dataset: zero test images are allowed") {
  Spec s;
  s.n_test = 0;
  const Bytes b = make_ozd(s);
  const ImageDataset ds = parse_packed_dataset(b.data(), b.size(), "tiny");
  CHECK(ds.n_train == 3);
  CHECK(ds.n_test == 0);
  CHECK(ds.labels.size() == 3);
}

TEST_CASE("packed_dataset: bad magic") {
  Bytes b = make_ozd();
  b[3] = '2';
  const std::string msg = error_of(b);
  INFO(msg);
  CHECK(contains(msg, "tiny: bad magic"));
  CHECK(contains(msg, "OZD2"));

  const std::string html = "<!DOCTYPE html><html>404 not found</html>";
  const std::string msg2 = error_of(Bytes(html.begin(), html.end()), "fashion-mnist");
  INFO(msg2);
  CHECK(contains(msg2, "fashion-mnist: bad magic"));
}

TEST_CASE("packed_dataset: truncated") {
  const Bytes full = make_ozd();
  Bytes b(full.begin(), full.end() - 1);
  std::string msg = error_of(b);
  INFO(msg);
  CHECK(contains(msg, "tiny: file is truncated: expected " + std::to_string(full.size()) + " bytes, got " +
                          std::to_string(full.size() - 1)));
  CHECK(contains(msg, "re-run npm run build"));

  // Header only, no CRC; too short for the header; and empty.
  for (size_t keep : {size_t(32), size_t(10), size_t(3), size_t(0)}) {
    const std::string m = error_of(Bytes(full.begin(), full.begin() + keep));
    INFO(keep, ": ", m);
    CHECK(contains(m, "file is truncated"));
  }
  CHECK_THROWS_AS(parse_packed_dataset(nullptr, 0, "tiny"), optzoo::Error);
}

TEST_CASE("packed_dataset: trailing data") {
  Bytes b = make_ozd();
  b.push_back(0);
  const std::string msg = error_of(b);
  INFO(msg);
  CHECK(contains(msg, "file has trailing data"));
}

TEST_CASE("packed_dataset: wrong CRC") {
  Bytes b = make_ozd();
  b[b.size() - 10] ^= 0x01;  // flip one pixel bit
  std::string msg = error_of(b);
  INFO(msg);
  CHECK(contains(msg, "tiny: CRC mismatch"));

  Bytes c = make_ozd();
  c.back() ^= 0x80;  // corrupt the stored CRC itself
  msg = error_of(c);
  CHECK(contains(msg, "CRC mismatch"));
}

TEST_CASE("packed_dataset: label out of range") {
  Bytes b = make_ozd();
  b[32 + 4] = 4;  // image 4 (test), num_classes = 4
  fix_crc(b);
  const std::string msg = error_of(b);
  INFO(msg);
  CHECK(contains(msg, "tiny: label out of range"));
  CHECK(contains(msg, "image 4 (test) has label 4"));
  CHECK(contains(msg, "num_classes is 4"));
}

TEST_CASE("packed_dataset: bad version and header fields") {
  Bytes b = make_ozd();
  put_u32(b, 4, 2);
  fix_crc(b);
  std::string msg = error_of(b);
  INFO(msg);
  CHECK(contains(msg, "unsupported version: expected 1, got 2"));

  struct Case { size_t offset; uint32_t value; const char* field; };
  const Case cases[] = {{8, 0, "n_train"}, {16, 0, "rows"}, {20, 0, "cols"},
                        {24, 0, "channels"}, {24, 5, "channels"}, {28, 0, "num_classes"},
                        {28, 257, "num_classes"}, {8, 0x80000000u, "n_train"}};
  for (const Case& c : cases) {
    Bytes h = make_ozd();
    put_u32(h, c.offset, c.value);
    fix_crc(h);
    const std::string m = error_of(h);
    INFO(c.field, "=", c.value, ": ", m);
    CHECK(contains(m, std::string("bad header: ") + c.field));
  }
}

TEST_CASE("packed_dataset: huge header counts do not overflow") {
  Bytes b = make_ozd();
  put_u32(b, 8, 0x7fffffffu);   // n_train = INT_MAX
  put_u32(b, 12, 0);            // n_test
  put_u32(b, 16, 65535);        // rows
  put_u32(b, 20, 65535);        // cols
  put_u32(b, 24, 4);            // channels: n * image_bytes overflows 64 bits
  std::string msg = error_of(b);
  INFO(msg);
  CHECK(contains(msg, "bad header"));

  put_u32(b, 12, 1);  // n_train + n_test > INT_MAX
  msg = error_of(b);
  CHECK(contains(msg, "bad header: n_train + n_test"));

  // Large but representable: reported as truncation with the exact expected size.
  Bytes c = make_ozd();
  put_u32(c, 8, 1000000);
  put_u32(c, 16, 1000);
  put_u32(c, 20, 1000);
  msg = error_of(c);
  CHECK(contains(msg, "file is truncated: expected " + std::to_string(36ull + 1000002ull * 1000001ull) + " bytes"));
}

TEST_CASE("packed_dataset: real web/dist/data files (skipped unless built)") {
#ifndef OPTZOO_SOURCE_DIR
  MESSAGE("OPTZOO_SOURCE_DIR not defined; skipping the real-file checks");
#else
  const std::string dir = std::string(OPTZOO_SOURCE_DIR) + "/web/dist/data/";
  struct Expect { const char* name; int n_train, n_test, min_per_class; };
  const Expect expects[] = {{"mnist", 8000, 2000, 800}, {"fashion-mnist", 60000, 10000, 7000}};
  for (const Expect& e : expects) {
    Bytes b;
    if (!read_file(dir + e.name + ".ozd", b)) {
      MESSAGE(dir << e.name << ".ozd not found; run `node scripts/pack-data.js` (skipping)");
      continue;
    }
    INFO(e.name);
    const ImageDataset ds = parse_packed_dataset(b.data(), b.size(), e.name);
    CHECK(ds.n_train == e.n_train);
    CHECK(ds.n_test == e.n_test);
    CHECK(ds.n_train + ds.n_test == (e.n_train + e.n_test));
    CHECK(ds.rows == 28);
    CHECK(ds.cols == 28);
    CHECK(ds.channels == 1);
    CHECK(ds.num_classes == 10);
    REQUIRE(ds.labels.size() == static_cast<size_t>(ds.n_train + ds.n_test));
    CHECK(ds.pixels.size() == ds.labels.size() * 28 * 28);
    int train_hist[10] = {0}, test_hist[10] = {0};
    for (int i = 0; i < ds.n_train + ds.n_test; ++i) {
      (i < ds.n_train ? train_hist : test_hist)[ds.labels[i]]++;
    }
    for (int c = 0; c < 10; ++c) {
      INFO("class ", c);
      CHECK(train_hist[c] + test_hist[c] >= e.min_per_class);
      CHECK(train_hist[c] > 0);
      CHECK(test_hist[c] > 0);  // the split is stratified / official, never class-blocked
    }
    // Real images: mostly dark background with some bright strokes.
    size_t zeros = 0, bright = 0;
    for (uint8_t p : ds.pixels) zeros += (p == 0), bright += (p > 200);
    CHECK(zeros > ds.pixels.size() / 3);
    CHECK(bright > ds.pixels.size() / 20);
  }
#endif
}
