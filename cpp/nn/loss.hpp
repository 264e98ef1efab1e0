// Losses, each the mean over the batch as torch.nn's default reduction='mean'.
// The returned value is accumulated in double, so a recorded curve carries no more
// round-off than the parameters themselves.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/vec_math.hpp"
#include "nn/tensor.hpp"

namespace optzoo {

enum class LossKind {
  CrossEntropy,       // softmax cross-entropy on integer labels (torch CrossEntropyLoss)
  Mse,                // mean over batch and outputs (torch MSELoss)
  BinaryCrossEntropy  // sigmoid + BCE on logits, mean over all elements (torch BCEWithLogitsLoss)
};

bool parse_loss(const std::string& name, LossKind* out);
const char* loss_name(LossKind k);

// Targets for n examples: integer labels (classification) or dense rows (regression).
struct TargetView {
  const int32_t* labels = nullptr;  // [n]
  const float* values = nullptr;    // [n][dim]
  int dim = 0;
};

// Mean loss over the batch; if dout is non-null it receives dL/dout.
template <class T>
double loss_and_output_grad(LossKind kind, const Tensor<T>& out, const TargetView& t, Tensor<T>* dout) {
  const int n = out.rows, c = out.cols;
  if (dout) dout->resize(n, c);
  double total = 0.0;
  switch (kind) {
    case LossKind::CrossEntropy: {
      // softmax = exp(z - max) / sum, as torch.softmax, with lse = max + ln(sum). The
      // shifted logits of the whole batch go through exp in one pass, and the row sums
      // through ln in another, so that both run 4 lanes wide (core/vec_math.hpp).
      // The exponentials live in the gradient, or in a workspace that only grows.
      static thread_local std::vector<T> work;
      work.resize(3 * static_cast<std::size_t>(n) + (dout ? 0 : static_cast<std::size_t>(n) * c));
      T* maxes = work.data();
      T* sums = maxes + n;
      T* log_sums = sums + n;
      T* exps = dout ? dout->data.data() : log_sums + n;
      for (int i = 0; i < n; ++i) {
        const T* z = out.row(i);
        const T m = *std::max_element(z, z + c);
        maxes[i] = m;
        for (int j = 0; j < c; ++j) exps[static_cast<std::size_t>(i) * c + j] = z[j] - m;
      }
      exp_inplace(exps, static_cast<std::size_t>(n) * c);
      for (int i = 0; i < n; ++i) {
        const T* e = exps + static_cast<std::size_t>(i) * c;
        T sum = 0;
        for (int j = 0; j < c; ++j) sum += e[j];
        sums[i] = log_sums[i] = sum;
      }
      log_inplace(log_sums, n);
      // The gradient (softmax - onehot) / n, the softmax as exp times 1 / sum: one
      // division per row rather than two per logit.
      const T inv_n = T(1) / T(n);
      for (int i = 0; i < n; ++i) {
        const T lse = maxes[i] + log_sums[i];
        const int y = t.labels[i];
        // In double: at logits near +-3e38 the difference overflows float.
        total += static_cast<double>(lse) - static_cast<double>(out.row(i)[y]);
        if (!dout) continue;
        T* e = exps + static_cast<std::size_t>(i) * c;
        const T inv_sum = T(1) / sums[i];
        for (int j = 0; j < c; ++j) e[j] = (e[j] * inv_sum - (j == y ? T(1) : T(0))) * inv_n;
      }
      return total / n;
    }
    case LossKind::Mse: {
      const T scale = T(2) / T(static_cast<double>(n) * c);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < c; ++j) {
          const T diff = out.row(i)[j] - static_cast<T>(t.values[static_cast<long>(i) * c + j]);
          const double wide = static_cast<double>(out.row(i)[j]) - t.values[static_cast<long>(i) * c + j];
          total += wide * wide;
          if (dout) dout->row(i)[j] = scale * diff;
        }
      return total / (static_cast<double>(n) * c);
    }
    case LossKind::BinaryCrossEntropy: {
      const T count = T(static_cast<double>(n) * c);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < c; ++j) {
          const T z = out.row(i)[j];
          const T y = static_cast<T>(t.values[static_cast<long>(i) * c + j]);
          // max(z,0) - z*y + log(1 + exp(-|z|)) is the overflow-free form (in double, so
          // that z*y cannot overflow at extreme logits).
          const double zd = static_cast<double>(z), yd = static_cast<double>(y);
          total += std::max(zd, 0.0) - zd * yd + std::log1p(std::exp(-std::abs(zd)));
          if (dout) dout->row(i)[j] = (T(1) / (T(1) + std::exp(-z)) - y) / count;
        }
      return total / (static_cast<double>(n) * c);
    }
  }
  return total;
}

}  // namespace optzoo
