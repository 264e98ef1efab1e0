#include "problems/network_problem.hpp"

#include <algorithm>

namespace optzoo {

NetworkProblem::NetworkProblem(ModelSpec spec, LossKind loss, std::shared_ptr<const Dataset> train,
                               std::shared_ptr<const Dataset> test)
    : spec_(std::move(spec)), loss_(loss), train_(std::move(train)), test_(std::move(test)),
      model_(build_model<float>(spec_)) {}

double NetworkProblem::working_floats(double rows) const {
  // Activations and their gradients for every row, a gathered batch, and the layers'
  // own workspaces (a transposed weight copy, one example's input-gradient columns).
  return rows * (2 * activation_floats(spec_) + spec_.input.size()) + workspace_floats(spec_);
}

void NetworkProblem::initial_point(Rng& rng, float* params) const { initial_params(spec_, model_, rng, params); }

void NetworkProblem::select(const Dataset& data, const Batch& batch, const float** x, TargetView* t) {
  if (batch.empty()) {
    *x = data.x.data();
    *t = data.targets_view();
    return;
  }
  data.gather(batch, x_buf_, label_buf_, t_buf_);
  *x = x_buf_.data();
  *t = {label_buf_.data(), t_buf_.data(), data.target_dim};
}

double NetworkProblem::loss(const float* params, const Batch& batch) {
  // The whole training set (every recorded point) in chunks, so that its activations
  // never need memory for all examples at once.
  if (batch.empty() && train_->n > kEvalChunk) return evaluate(params, *train_, nullptr);
  const float* x;
  TargetView t;
  select(*train_, batch, &x, &t);
  const int n = batch.empty() ? train_->n : static_cast<int>(batch.size());
  return model_.loss(params, x, n, loss_, t);
}

double NetworkProblem::loss_and_grad(const float* params, const Batch& batch, float* grad) {
  const float* x;
  TargetView t;
  select(*train_, batch, &x, &t);
  const int n = batch.empty() ? train_->n : static_cast<int>(batch.size());
  return model_.loss_and_grad(params, x, n, loss_, t, grad);
}

// Loss (and accuracy for classification) over a whole dataset, in chunks so that
// activations stay small on big datasets.
double NetworkProblem::evaluate(const float* params, const Dataset& data, double* accuracy) {
  constexpr int kChunk = kEvalChunk;
  double total = 0;
  long correct = 0;
  for (int start = 0; start < data.n; start += kChunk) {
    const int m = std::min(kChunk, data.n - start);
    TargetView t = data.targets_view();
    t.labels = data.task == Task::Classification ? data.labels.data() + start : nullptr;
    t.values = data.task == Task::Regression ? data.targets.data() + static_cast<long>(start) * data.target_dim : nullptr;
    const Tensor<float>& out = model_.forward(params, data.x.data() + static_cast<long>(start) * data.features, m);
    total += loss_and_output_grad(loss_, out, t, static_cast<Tensor<float>*>(nullptr)) * m;
    if (data.task == Task::Classification)
      for (int i = 0; i < m; ++i) {
        const float* row = out.row(i);
        correct += (std::max_element(row, row + out.cols) - row) == t.labels[i];
      }
  }
  if (accuracy) *accuracy = data.n ? static_cast<double>(correct) / data.n : 0.0;
  return data.n ? total / data.n : 0.0;
}

std::vector<Metric> NetworkProblem::metrics(const float* params) {
  std::vector<Metric> out;
  const bool classify = train_->task == Task::Classification;
  double acc = 0;
  if (classify) {
    evaluate(params, *train_, &acc);
    out.push_back({"train_accuracy", acc});
  }
  if (test_ && test_->n > 0) {
    const double test_loss = evaluate(params, *test_, &acc);
    out.push_back({"test_loss", test_loss});
    if (classify) out.push_back({"test_accuracy", acc});
  }
  return out;
}

}  // namespace optzoo
