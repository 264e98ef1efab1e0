// The page's views of a network problem: decision regions on a grid of raw 2-D inputs,
// scatter points, test images and predictions (API.md, "Problem views").
#include "problems/network_problem.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace optzoo {
namespace {

int raw_inputs(const Dataset& d) { return d.raw_features ? d.raw_features : d.features; }
const std::vector<float>& raw_rows(const Dataset& d) { return d.raw_features ? d.raw_x : d.x; }

}  // namespace

void NetworkProblem::describe(ProblemInfo& info) const {
  const Dataset& d = *train_;
  info.task = d.task == Task::Classification ? "classification" : "regression";
  info.channels = d.shape.channels;
  info.height = d.shape.height;
  info.width = d.shape.width;
  info.classes = d.task == Task::Classification ? d.num_classes : 0;
  info.two_d = raw_inputs(d) == 2;
  info.image = d.images != nullptr;
  if (raw_inputs(d) <= 2 && d.n > 0) {
    // The data's range with a 10% margin, so points never sit on the plot's edge.
    const int r = raw_inputs(d);
    const auto& x = raw_rows(d);
    for (int c = 0; c < 2; ++c) {
      if (c >= r) break;
      float lo = x[c], hi = x[c];
      for (int i = 0; i < d.n; ++i) {
        lo = std::min(lo, x[static_cast<std::size_t>(i) * r + c]);
        hi = std::max(hi, x[static_cast<std::size_t>(i) * r + c]);
      }
      const double pad = std::max(0.1 * (hi - lo), 1e-3);
      info.bounds[2 * c] = lo - pad;
      info.bounds[2 * c + 1] = hi + pad;
    }
  }
}

int NetworkProblem::predict_grid(const float* params, const double b[4], int nx, int ny, std::vector<float>& out) {
  if (raw_inputs(*train_) != 2) return Problem::predict_grid(params, b, nx, ny, out);
  const int k = model_.out_size();
  const int n = nx * ny;
  out.resize(static_cast<std::size_t>(n) * k);
  std::vector<float> raw(2), row(train_->features);
  constexpr int kChunk = 1024;
  std::vector<float> chunk;
  for (int start = 0; start < n; start += kChunk) {
    const int m = std::min(kChunk, n - start);
    chunk.resize(static_cast<std::size_t>(m) * train_->features);
    for (int p = 0; p < m; ++p) {
      const int i = (start + p) % nx, j = (start + p) / nx;
      raw[0] = static_cast<float>(nx > 1 ? b[0] + (b[1] - b[0]) * i / (nx - 1) : b[0]);
      raw[1] = static_cast<float>(ny > 1 ? b[2] + (b[3] - b[2]) * j / (ny - 1) : b[2]);
      float* dst = chunk.data() + static_cast<std::size_t>(p) * train_->features;
      if (train_->raw_features) train_->feature_map.apply(raw.data(), dst);
      else std::copy(raw.begin(), raw.end(), dst);
    }
    const Tensor<float>& y = model_.forward(params, chunk.data(), m);
    for (int p = 0; p < m; ++p) {
      const float* z = y.row(p);
      float* o = out.data() + static_cast<std::size_t>(start + p) * k;
      if (train_->task == Task::Classification) {
        const float top = *std::max_element(z, z + k);
        float sum = 0;
        for (int c = 0; c < k; ++c) sum += (o[c] = std::exp(z[c] - top));
        for (int c = 0; c < k; ++c) o[c] /= sum;
      } else {
        std::copy(z, z + k, o);
      }
    }
  }
  return k;
}

DataPoints NetworkProblem::data_points(bool test, int max) const {
  const Dataset* d = test ? test_.get() : train_.get();
  if (raw_inputs(*train_) > 2) return Problem::data_points(test, max);
  DataPoints out;
  out.raw_features = raw_inputs(*train_);
  if (!d) return out;  // no test split: no points
  const int m = std::max(0, std::min(max, d->n));
  const auto& x = raw_rows(*d);
  out.x.assign(x.begin(), x.begin() + static_cast<long>(m) * out.raw_features);
  for (int i = 0; i < m; ++i)
    out.y.push_back(d->task == Task::Classification ? static_cast<float>(d->labels[i])
                                                    : d->targets[static_cast<std::size_t>(i) * d->target_dim]);
  return out;
}

const Dataset& NetworkProblem::need_test(const char* view, int start, int count) const {
  if (!test_ || test_->n == 0) throw Error(view, "needs a test split (this problem has none)");
  if (start < 0 || count < 0 || start > test_->n || count > test_->n - start)
    throw Error(view, "examples " + std::to_string(start) + " to " + std::to_string(start + count) +
                          " are outside the test set (0 to " + std::to_string(test_->n) + ")");
  return *test_;
}

void NetworkProblem::test_images(int start, int count, std::vector<float>& out) const {
  if (!train_->images) Problem::test_images(start, count, out);
  const Dataset& t = need_test("testImages", start, count);
  const ImageDataset& img = *t.images;
  const std::size_t size = static_cast<std::size_t>(img.rows) * img.cols * img.channels;
  out.resize(count * size);
  for (int i = 0; i < count; ++i) {
    const uint8_t* p = img.pixels.data() + (t.image_offset + start + static_cast<std::size_t>(i)) * size;
    for (std::size_t k = 0; k < size; ++k) out[i * size + k] = p[k] / 255.0f;
  }
}

void NetworkProblem::test_labels(int start, int count, std::vector<int32_t>& out) const {
  if (train_->task != Task::Classification) Problem::test_labels(start, count, out);
  const Dataset& t = need_test("testLabels", start, count);
  out.assign(t.labels.begin() + start, t.labels.begin() + start + count);
}

void NetworkProblem::predict(const float* params, int start, int count, std::vector<int32_t>& out) {
  std::vector<int32_t> ignored;
  if (train_->task != Task::Classification) Problem::predict(params, start, count, ignored);
  const Dataset& t = need_test("predict", start, count);
  out.resize(count);
  constexpr int kChunk = 1000;
  for (int s = 0; s < count; s += kChunk) {
    const int m = std::min(kChunk, count - s);
    const Tensor<float>& y = model_.forward(params, t.x.data() + static_cast<std::size_t>(start + s) * t.features, m);
    for (int i = 0; i < m; ++i) out[s + i] = static_cast<int32_t>(std::max_element(y.row(i), y.row(i) + y.cols) - y.row(i));
  }
}

}  // namespace optzoo
