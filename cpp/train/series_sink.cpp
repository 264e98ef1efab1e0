#include "train/series_sink.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace optzoo {

OrderedJson& JsonSeriesWriter::at(const SeriesKey& key) {
  OrderedJson* node = &root_;
  for (const std::string& part : key) node = &(*node)[part];
  return *node;
}

void JsonSeriesWriter::group(const SeriesKey& key) {
  OrderedJson& node = at(key);
  if (node.is_null()) node = OrderedJson::object();
}

void JsonSeriesWriter::series(const SeriesKey& key, const int64_t* values, std::size_t n) {
  at(key) = std::vector<int64_t>(values, values + n);
}

void JsonSeriesWriter::series(const SeriesKey& key, const double* values, std::size_t n) {
  at(key) = std::vector<double>(values, values + n);
}

void ColumnWriter::add_key(const SeriesKey& key, std::size_t n) {
  std::string joined;
  for (const std::string& part : key) joined += (joined.empty() ? "" : ".") + part;
  keys_.push_back(std::move(joined));
  counts_.push_back(n);
}

void ColumnWriter::series(const SeriesKey& key, const int64_t* values, std::size_t n) {
  add_key(key, n);
  for (std::size_t i = 0; i < n; ++i) values_.push_back(static_cast<double>(values[i]));
}

void ColumnWriter::series(const SeriesKey& key, const double* values, std::size_t n) {
  add_key(key, n);
  // As in the result JSON, where NaN and the infinities are all null: a plot then
  // sees a gap, never an infinite axis.
  for (std::size_t i = 0; i < n; ++i)
    values_.push_back(std::isfinite(values[i]) ? values[i] : std::numeric_limits<double>::quiet_NaN());
}

}  // namespace optzoo
