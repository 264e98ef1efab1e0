// A neural network trained on a dataset: the Problem behind every "inline" and
// "dataset" spec. Batches are gathered into contiguous buffers and run through one
// Model<float>; metrics add test loss and accuracy when there is a test split.
#pragma once
#include <memory>

#include "nn/model_spec.hpp"
#include "problems/dataset.hpp"
#include "problems/problem.hpp"

namespace optzoo {

class NetworkProblem : public Problem {
 public:
  // Examples evaluated at once when a loss or metric covers a whole dataset.
  static constexpr int kEvalChunk = 1000;

  NetworkProblem(ModelSpec spec, LossKind loss, std::shared_ptr<const Dataset> train,
                 std::shared_ptr<const Dataset> test = nullptr);

  const ParamLayout& layout() const override { return model_.layout(); }
  void initial_point(Rng& rng, float* params) const override;
  int train_size() const override { return train_->n; }
  double loss(const float* params, const Batch& batch) override;
  double loss_and_grad(const float* params, const Batch& batch, float* grad) override;
  std::vector<Metric> metrics(const float* params) override;
  // Rows are a training batch; whole-set evaluations go by kEvalChunk.
  double working_floats(double rows) const override;
  // Shares the first dense layer's work between perturbations (network_perturbations.cpp).
  void perturbed_losses(const float* center, const Batch& batch, const float* directions, int count, float sigma,
                        double* plus, double* minus) override;

  double forward_flops() const override;
  std::string fisher_unsupported() const override;
  void fisher_probes(const float* params, const Batch& batch, FisherKind kind, Rng& rng, FisherProbes& out,
                     int64_t* forward, int64_t* backward) override;

  int predict_grid(const float* params, const double bounds[4], int nx, int ny, std::vector<float>& out) override;
  DataPoints data_points(bool test, int max) const override;
  void test_images(int start, int count, std::vector<float>& out) const override;
  void test_labels(int start, int count, std::vector<int32_t>& out) const override;
  void predict(const float* params, int start, int count, std::vector<int32_t>& out) override;

  Model<float>& model() { return model_; }
  const Dataset* test() const { return test_.get(); }
  const Dataset& train() const { return *train_; }
  LossKind loss_kind() const { return loss_; }

 protected:
  void describe(ProblemInfo& info) const override;

 private:
  // The test split, or an Error naming the view that needs it.
  const Dataset& need_test(const char* view, int start, int count) const;
  // Points x/targets at the batch's rows: the dataset itself for a full batch.
  void select(const Dataset& data, const Batch& batch, const float** x, TargetView* t);
  double evaluate(const float* params, const Dataset& data, double* accuracy);

  ModelSpec spec_;
  LossKind loss_;
  std::shared_ptr<const Dataset> train_, test_;
  Model<float> model_;
  std::vector<float> x_buf_, t_buf_;
  std::vector<int32_t> label_buf_;
  Tensor<float> probe_grad_;  // Fisher probes at the output
  std::vector<float> probe_x_, probe_params_grad_;
};

}  // namespace optzoo
