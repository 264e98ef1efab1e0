// Finite-difference gradient checks, in double, for every layer, activation and loss.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "nn/model_spec.hpp"
#include "problems/network_problem.hpp"
#include "gradient_check.hpp"
#include "test_support.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

ModelSpec mlp(std::vector<int> sizes, Activation a) {
  ModelSpec s;
  s.kind = "mlp";
  s.input = {sizes[0], 1, 1};
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    s.layers.push_back({"dense", sizes[i + 1], Activation::Identity});
    if (i + 2 < sizes.size()) s.layers.push_back({"activation", 0, a});
  }
  return s;
}

}  // namespace

TEST_CASE("gradients: every activation and loss matches finite differences (double)") {
  Rng r(11);
  for (Activation a : {Activation::Identity, Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Gelu})
    for (LossKind loss : {LossKind::CrossEntropy, LossKind::Mse, LossKind::BinaryCrossEntropy}) {
      Model<double> model = build_model<double>(mlp({4, 6, 5, 3}, a));
      std::vector<double> params(model.num_params());
      model.init_params(params.data(), r);
      const Case c = random_case(r, 7, 4, 3, loss);
      INFO("activation " << activation_name(a) << ", loss " << loss_name(loss));
      CHECK(gradient_error(model, params, c, loss) < 1e-7);
    }
}

TEST_CASE("gradients: a single dense layer and a deep model match finite differences") {
  Rng r(12);
  for (auto sizes : std::vector<std::vector<int>>{{3, 2}, {5, 16, 16, 16, 4}}) {
    Model<double> model = build_model<double>(mlp(sizes, Activation::Tanh));
    std::vector<double> params(model.num_params());
    model.init_params(params.data(), r);
    const Case c = random_case(r, 9, sizes.front(), sizes.back(), LossKind::CrossEntropy);
    CHECK(gradient_error(model, params, c, LossKind::CrossEntropy) < 1e-7);
  }
}

TEST_CASE("gradients: the float model agrees with the double model") {
  Rng r(13);
  const ModelSpec spec = mlp({4, 8, 3}, Activation::Gelu);
  Model<double> md = build_model<double>(spec);
  Model<float> mf = build_model<float>(spec);
  std::vector<double> pd(md.num_params());
  md.init_params(pd.data(), r);
  std::vector<float> pf(pd.begin(), pd.end());
  const Case c = random_case(r, 5, 4, 3, LossKind::CrossEntropy);
  std::vector<float> xf(c.x.begin(), c.x.end());
  const TargetView t{c.labels.data(), c.targets.data(), 3};
  std::vector<double> gd(pd.size());
  std::vector<float> gf(pf.size());
  const double ld = md.loss_and_grad(pd.data(), c.x.data(), 5, LossKind::CrossEntropy, t, gd.data());
  const double lf = mf.loss_and_grad(pf.data(), xf.data(), 5, LossKind::CrossEntropy, t, gf.data());
  CHECK(lf == doctest::Approx(ld).epsilon(1e-5));
  for (std::size_t i = 0; i < gd.size(); ++i) CHECK(gf[i] == doctest::Approx(gd[i]).epsilon(1e-4).scale(1e-3));
}

namespace {
std::shared_ptr<Dataset> regression_data(Rng& r, int n, int in, int out) {
  auto d = std::make_shared<Dataset>();
  d->task = Task::Regression;
  d->n = n;
  d->features = in;
  d->shape = {in, 1, 1};
  d->target_dim = out;
  for (int i = 0; i < n * in; ++i) d->x.push_back(static_cast<float>(r.normal()));
  for (int i = 0; i < n * out; ++i) d->targets.push_back(static_cast<float>(r.normal()));
  return d;
}
}  // namespace

TEST_CASE("per-example gradients average to the batch gradient") {
  Rng r(14);
  NetworkProblem p(mlp({3, 5, 2}, Activation::Tanh), LossKind::Mse, regression_data(r, 6, 3, 2));
  std::vector<float> params(p.dim()), batch_grad(p.dim()), per(6 * p.dim());
  p.initial_point(r, params.data());
  const Batch batch = {0, 2, 3, 5};
  p.loss_and_grad(params.data(), batch, batch_grad.data());
  p.per_example_grads(params.data(), batch, per.data());
  for (std::size_t j = 0; j < p.dim(); ++j) {
    double mean = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) mean += per[i * p.dim() + j];
    CHECK(mean / batch.size() == doctest::Approx(batch_grad[j]).epsilon(1e-5).scale(1e-6));
  }
  // And they really are per example: two different examples give different gradients.
  bool differ = false;
  for (std::size_t j = 0; j < p.dim(); ++j) differ |= per[j] != per[p.dim() + j];
  CHECK(differ);
}

TEST_CASE("Hessian-vector product is exact on a quadratic loss and symmetric") {
  Rng r(15);
  // A linear model with MSE is a quadratic in its parameters: g(p + v) - g(p) = H v exactly.
  NetworkProblem p(mlp({4, 3}, Activation::Identity), LossKind::Mse, regression_data(r, 10, 4, 3));
  const std::size_t d = p.dim();
  std::vector<float> params(d), v(d), u(d), hv(d), hu(d), g0(d), g1(d);
  p.initial_point(r, params.data());
  for (std::size_t i = 0; i < d; ++i) {
    v[i] = static_cast<float>(r.normal());
    u[i] = static_cast<float>(r.normal());
  }
  p.hessian_vector_product(params.data(), {}, v.data(), hv.data());
  std::vector<float> moved(d);
  for (std::size_t i = 0; i < d; ++i) moved[i] = params[i] + v[i];
  p.loss_and_grad(params.data(), {}, g0.data());
  p.loss_and_grad(moved.data(), {}, g1.data());
  for (std::size_t i = 0; i < d; ++i) CHECK(hv[i] == doctest::Approx(g1[i] - g0[i]).epsilon(2e-2).scale(2e-3));

  // On a non-quadratic network, u.Hv = v.Hu up to finite-difference error.
  NetworkProblem q(mlp({4, 6, 3}, Activation::Tanh), LossKind::Mse, regression_data(r, 10, 4, 3));
  std::vector<float> qp(q.dim()), qv(q.dim()), qu(q.dim()), qhv(q.dim()), qhu(q.dim());
  q.initial_point(r, qp.data());
  for (std::size_t i = 0; i < q.dim(); ++i) {
    qv[i] = static_cast<float>(r.normal());
    qu[i] = static_cast<float>(r.normal());
  }
  q.hessian_vector_product(qp.data(), {}, qv.data(), qhv.data());
  q.hessian_vector_product(qp.data(), {}, qu.data(), qhu.data());
  double uhv = 0, vhu = 0;
  for (std::size_t i = 0; i < q.dim(); ++i) {
    uhv += static_cast<double>(qu[i]) * qhv[i];
    vhu += static_cast<double>(qv[i]) * qhu[i];
  }
  CHECK(uhv == doctest::Approx(vhu).epsilon(2e-2));
}
