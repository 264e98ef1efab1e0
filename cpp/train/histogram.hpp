// A histogram of a run's iterates after a burn-in: the empirical stationary density
// of SGD on a 1-D or 2-D problem, to set against a predicted Gibbs density
// (McAllester, TTIC 31230, 003: Langevin dynamics and stationary distributions).
// Spec: "histogram": {"burn_in": N, "bins": B | [Bx, By], "range": [lo, hi] | [[xlo, xhi], [ylo, yhi]]}.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "core/spec_reader.hpp"

namespace optzoo {

struct HistogramSpec {
  int64_t burn_in = 0;  // iterates after steps 1..burn_in are not counted
  std::vector<int> bins;                          // per coordinate
  std::vector<std::pair<double, double>> range;   // per coordinate, lo < hi
};

// Reads the "histogram" object for a problem with `dim` parameters (1 or 2).
HistogramSpec read_histogram(const Json& j, const std::string& path, std::size_t dim);

class IterateHistogram {
 public:
  IterateHistogram() = default;
  explicit IterateHistogram(HistogramSpec spec);
  bool active() const { return !spec_.bins.empty(); }
  // Counts the point reached after `step` updates, if step > burn_in.
  void add(int64_t step, const float* params);
  // {"burn_in", "bins", "range", "centers", "counts" (row-major, y index slowest),
  //  "samples", "outside", "mean", "covariance"}; moments over every counted sample,
  // in range or not.
  OrderedJson to_json() const;

 private:
  HistogramSpec spec_;
  std::vector<int64_t> counts_;
  int64_t samples_ = 0, outside_ = 0;
  std::vector<double> mean_, comoment_;  // comoment_: d x d, row-major sums of products of deviations
};

}  // namespace optzoo
