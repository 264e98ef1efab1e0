#include "nn/output_fisher.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace optzoo {
namespace {

void softmax(const float* z, int c, std::vector<double>& p) {
  p.resize(c);
  const double m = *std::max_element(z, z + c);
  double sum = 0;
  for (int j = 0; j < c; ++j) sum += p[j] = std::exp(static_cast<double>(z[j]) - m);
  for (int j = 0; j < c; ++j) p[j] /= sum;
}

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

int probes_per_example(LossKind loss, FisherKind kind, int outputs) {
  (void)loss;
  return kind == FisherKind::True ? outputs : 1;
}

void output_probes(LossKind loss, FisherKind kind, const Tensor<float>& out, const TargetView& t, Rng& rng,
                   Tensor<float>& dout) {
  const int n = out.rows, k = out.cols;
  const int per = probes_per_example(loss, kind, k);
  dout.resize(n * per, k);
  std::fill(dout.data.begin(), dout.data.end(), 0.0f);
  std::vector<double> p;
  for (int i = 0; i < n; ++i) {
    const float* z = out.row(i);
    float* first = dout.row(i * per);
    switch (loss) {
      case LossKind::CrossEntropy: {
        softmax(z, k, p);
        if (kind == FisherKind::True) {
          for (int c = 0; c < k; ++c) {
            float* u = dout.row(i * per + c);
            const double w = std::sqrt(p[c]);
            for (int j = 0; j < k; ++j) u[j] = static_cast<float>(w * (p[j] - (j == c ? 1.0 : 0.0)));
          }
          break;
        }
        int y = kind == FisherKind::Empirical ? t.labels[i] : k - 1;
        if (kind == FisherKind::Sampled) {
          double r = rng.uniform();
          for (int c = 0; c < k; ++c)
            if ((r -= p[c]) < 0) {
              y = c;
              break;
            }
        }
        for (int j = 0; j < k; ++j) first[j] = static_cast<float>(p[j] - (j == y ? 1.0 : 0.0));
        break;
      }
      case LossKind::Mse: {
        const double scale = std::sqrt(2.0 / k);
        for (int j = 0; j < k; ++j) {
          if (kind == FisherKind::True) dout.row(i * per + j)[j] = static_cast<float>(scale);
          else if (kind == FisherKind::Sampled) first[j] = static_cast<float>(-scale * rng.normal());
          else first[j] = static_cast<float>(2.0 / k * (z[j] - t.values[static_cast<long>(i) * k + j]));
        }
        break;
      }
      case LossKind::BinaryCrossEntropy: {
        for (int j = 0; j < k; ++j) {
          const double s = sigmoid(z[j]);
          if (kind == FisherKind::True) {
            dout.row(i * per + j)[j] = static_cast<float>(std::sqrt(s * (1 - s)) / k);
          } else {
            const double y = kind == FisherKind::Sampled ? (rng.uniform() < s ? 1.0 : 0.0)
                                                         : t.values[static_cast<long>(i) * k + j];
            first[j] = static_cast<float>((s - y) / k);
          }
        }
        break;
      }
    }
  }
}

}  // namespace optzoo
