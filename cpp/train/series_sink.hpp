// The per-point series of a run, written once for every consumer: the result JSON
// (the CLI's contract, nested objects) and the flat Float64 columns the page's worker
// copies out of wasm memory in one piece (no JSON text for curve points).
// A series' key is its path in the result, e.g. {"loss"} or {"internals",
// "update_ratio", "layer0"}; its values are those from the requested point on.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/spec_reader.hpp"

namespace optzoo {

using SeriesKey = std::vector<std::string>;

class SeriesSink {
 public:
  virtual ~SeriesSink() = default;
  // An object of series that exists even when it holds none (the result's "metrics").
  virtual void group(const SeriesKey& key) = 0;
  virtual void series(const SeriesKey& key, const int64_t* values, std::size_t n) = 0;
  virtual void series(const SeriesKey& key, const double* values, std::size_t n) = 0;

  // The tail of a recorded series from point `from` on.
  template <class T>
  void tail(const SeriesKey& key, const std::vector<T>& v, std::size_t from) {
    const std::size_t start = std::min(from, v.size());
    series(key, v.data() + start, v.size() - start);
  }
};

// Nested objects in `root`, integers kept as integers.
class JsonSeriesWriter : public SeriesSink {
 public:
  explicit JsonSeriesWriter(OrderedJson& root) : root_(root) {}
  void group(const SeriesKey& key) override;
  void series(const SeriesKey& key, const int64_t* values, std::size_t n) override;
  void series(const SeriesKey& key, const double* values, std::size_t n) override;

 private:
  OrderedJson& at(const SeriesKey& key);
  OrderedJson& root_;
};

// Flat columns appended to `values`, keyed by the dotted path ("metrics.test_loss");
// non-finite values become NaN, as they become null in JSON.
class ColumnWriter : public SeriesSink {
 public:
  explicit ColumnWriter(std::vector<double>& values) : values_(values) {}
  void group(const SeriesKey&) override {}
  void series(const SeriesKey& key, const int64_t* values, std::size_t n) override;
  void series(const SeriesKey& key, const double* values, std::size_t n) override;
  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<std::size_t>& counts() const { return counts_; }

 private:
  void add_key(const SeriesKey& key, std::size_t n);
  std::vector<double>& values_;
  std::vector<std::string> keys_;
  std::vector<std::size_t> counts_;
};

}  // namespace optzoo
