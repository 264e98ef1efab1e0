#include <nlohmann/json.hpp>

#include "train/histogram.hpp"

#include <algorithm>
#include <cmath>

#include "core/limits.hpp"

namespace optzoo {

namespace {
constexpr int kMaxBinsPerAxis = 4096;
// Every result carries the whole histogram, so it stays small: 256 x 256 in 2-D.
constexpr long kMaxCells = 1 << 16;

std::pair<double, double> read_interval(const Json& j, const std::string& path) {
  const Json& list = read_array(j, path, 2);
  if (list.size() != 2) throw Error(path, "must be [lo, hi], got " + std::to_string(list.size()) + " entries");
  const double lo = read_number(list[0], index_path(path, 0), closed(-1e6, 1e6));
  const double hi = read_number(list[1], index_path(path, 1), closed(-1e6, 1e6));
  if (!(lo < hi)) throw Error(path, "must have lo < hi, got [" + format_number(lo) + ", " + format_number(hi) + "]");
  return {lo, hi};
}
}  // namespace

HistogramSpec read_histogram(const Json& j, const std::string& path, std::size_t dim) {
  SpecObject h(j, path);
  if (dim != 1 && dim != 2)
    throw Error(path, "needs a problem with 1 or 2 parameters (a 1-D or 2-D function), this one has " + std::to_string(dim));
  HistogramSpec spec;
  spec.burn_in = h.integer("burn_in", 0, limits::kMaxSteps, 0);
  const Json& bins = h.required("bins");
  if (bins.is_array()) {
    if (bins.size() != dim)
      throw Error(h.path("bins"), "must be one count or one per coordinate (" + std::to_string(dim) + "), got " +
                                      std::to_string(bins.size()));
    for (std::size_t i = 0; i < dim; ++i) spec.bins.push_back(read_integer(bins[i], index_path(h.path("bins"), i), 1, kMaxBinsPerAxis));
  } else {
    spec.bins.assign(dim, read_integer(bins, h.path("bins"), 1, kMaxBinsPerAxis));
  }
  long cells = 1;
  for (int b : spec.bins) cells *= b;
  if (cells > kMaxCells) throw Error(h.path("bins"), "must make at most " + std::to_string(kMaxCells) + " cells, got " + std::to_string(cells));
  const Json& range = h.required("range");
  const std::string rpath = h.path("range");
  // [lo, hi] for every coordinate, or one [lo, hi] per coordinate.
  if (range.is_array() && !range.empty() && range[0].is_array()) {
    if (range.size() != dim)
      throw Error(rpath, "must be [lo, hi] or one [lo, hi] per coordinate (" + std::to_string(dim) + "), got " +
                             std::to_string(range.size()));
    for (std::size_t i = 0; i < dim; ++i) spec.range.push_back(read_interval(range[i], index_path(rpath, i)));
  } else {
    spec.range.assign(dim, read_interval(range, rpath));
  }
  h.finish();
  return spec;
}

IterateHistogram::IterateHistogram(HistogramSpec spec) : spec_(std::move(spec)) {
  std::size_t cells = 1;
  for (int b : spec_.bins) cells *= static_cast<std::size_t>(b);
  counts_.assign(cells, 0);
  mean_.assign(spec_.bins.size(), 0.0);
  comoment_.assign(spec_.bins.size() * spec_.bins.size(), 0.0);
}

void IterateHistogram::add(int64_t step, const float* params) {
  if (!active() || step <= spec_.burn_in) return;
  const std::size_t d = spec_.bins.size();
  // Welford's running mean and co-moments: stable when the spread is small next to the mean.
  ++samples_;
  double delta[2] = {0, 0};
  for (std::size_t i = 0; i < d; ++i) {
    delta[i] = params[i] - mean_[i];
    mean_[i] += delta[i] / static_cast<double>(samples_);
  }
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t k = 0; k < d; ++k) comoment_[i * d + k] += delta[i] * (params[k] - mean_[k]);
  std::size_t cell = 0, stride = 1;
  for (std::size_t i = 0; i < d; ++i) {
    const auto [lo, hi] = spec_.range[i];
    const double x = params[i];
    if (!(x >= lo && x <= hi)) {
      ++outside_;
      return;
    }
    // The top edge belongs to the last bin.
    const int b = std::min(static_cast<int>((x - lo) / (hi - lo) * spec_.bins[i]), spec_.bins[i] - 1);
    cell += static_cast<std::size_t>(b) * stride;
    stride *= static_cast<std::size_t>(spec_.bins[i]);
  }
  ++counts_[cell];
}

OrderedJson IterateHistogram::to_json() const {
  const std::size_t d = spec_.bins.size();
  OrderedJson out;
  out["burn_in"] = spec_.burn_in;
  out["bins"] = spec_.bins;
  OrderedJson range = OrderedJson::array(), centers = OrderedJson::array();
  for (std::size_t i = 0; i < d; ++i) {
    const auto [lo, hi] = spec_.range[i];
    range.push_back({lo, hi});
    std::vector<double> c(static_cast<std::size_t>(spec_.bins[i]));
    for (std::size_t k = 0; k < c.size(); ++k) c[k] = lo + (hi - lo) * (static_cast<double>(k) + 0.5) / spec_.bins[i];
    centers.push_back(c);
  }
  out["range"] = range;
  out["centers"] = centers;
  out["counts"] = counts_;
  out["samples"] = samples_;
  out["outside"] = outside_;
  std::vector<double> cov(d * d, 0.0);
  for (std::size_t i = 0; i < d * d && samples_ > 0; ++i) cov[i] = comoment_[i] / static_cast<double>(samples_);
  out["mean"] = mean_;
  OrderedJson rows = OrderedJson::array();
  for (std::size_t i = 0; i < d; ++i) rows.push_back(std::vector<double>(cov.begin() + i * d, cov.begin() + (i + 1) * d));
  out["covariance"] = rows;
  return out;
}

}  // namespace optzoo
