// One input of the data fuzzer (fuzz_data.cpp), also replayed over the committed corpus
// by tests/cpp/test_fuzz_corpus.cpp: the CSV reader and CSV problem, and the packed
// (OZD1) dataset loader with an experiment on what it accepts. The first byte picks
// the loader:
//   0: CSV with a "label" column   1: CSV with a "target" column
//   2: OZD1 with its CRC repaired (to reach the header checks)   3: OZD1 as given
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "problems/csv_reader.hpp"
#include "problems/dataset_store.hpp"
#include "problems/packed_dataset.hpp"

namespace optzoo::fuzz {

inline void csv_case(const std::string& text, bool classify) {
  expect_only_errors([&] { parse_csv(text, "problem.text"); });
  Json spec = {{"seed", 0}, {"steps", 3}, {"runs", {{{"optimizer", "adam"}}}}};
  spec["problem"] = {{"kind", "csv"}, {"text", text}, {"test_fraction", 0.25}};
  spec["problem"][classify ? "label" : "target"] = classify ? "label" : "target";
  // A one-layer model takes its sizes from the data, whatever the columns.
  spec["model"] = {{"kind", classify ? "logistic" : "linear"}};
  expect_only_errors([&] {
    Experiment e(spec);
    exercise(e);
  });
}

inline void ozd_case(std::vector<uint8_t> bytes, bool repair_crc) {
  if (repair_crc && bytes.size() >= kOzdHeaderBytes + kOzdCrcBytes) {
    const uint32_t crc = crc32_ieee(bytes.data(), bytes.size() - 4);
    for (int i = 0; i < 4; ++i) bytes[bytes.size() - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
  }
  bool registered = false;
  expect_only_errors([&] {
    register_dataset("mnist", bytes.data(), bytes.size());
    registered = true;
  });
  if (registered) {
    const Json spec = {{"seed", 0}, {"steps", 2}, {"batch_size", 4},
                       {"problem", {{"kind", "dataset"}, {"name", "mnist"}}},
                       {"model", {{"kind", "logistic"}}},
                       {"runs", {{{"optimizer", "sgd"}}}}};
    expect_only_errors([&] {
      Experiment e(spec);
      exercise(e);
    });
  }
  clear_datasets();
}

inline void data_input(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const int mode = data[0] % 4;
  if (mode < 2) csv_case(std::string(reinterpret_cast<const char*>(data + 1), size - 1), mode == 0);
  else ozd_case(std::vector<uint8_t>(data + 1, data + size), mode == 2);
}

}  // namespace optzoo::fuzz
