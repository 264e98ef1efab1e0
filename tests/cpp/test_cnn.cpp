// Convolution, pooling and the CNN model: forward against direct loops, gradients
// against finite differences (double), float against double, spec errors, and the
// initialisation schemes.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "gradient_check.hpp"
#include "nn/conv2d.hpp"
#include "nn/im2col.hpp"
#include "nn/model_spec.hpp"
#include "nn/pool2d.hpp"
#include "ozd_builder.hpp"
#include "problems/dataset_store.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

LayerSpec conv(int filters, int kernel, int stride, int padding) {
  return {"conv2d", filters, Activation::Identity, kernel, stride, padding};
}
LayerSpec pool(const char* kind, int size, int stride) { return {kind, 0, Activation::Identity, size, stride, 0}; }
LayerSpec act(Activation a) { return {"activation", 0, a}; }
LayerSpec flatten() { return {"flatten"}; }
LayerSpec dense(int units) { return {"dense", units}; }

ModelSpec cnn(Shape input, std::vector<LayerSpec> layers) {
  ModelSpec s;
  s.kind = "cnn";
  s.input = input;
  s.layers = std::move(layers);
  return s;
}

double check_model(const ModelSpec& spec, uint64_t seed, int n = 3, LossKind loss = LossKind::CrossEntropy) {
  Rng r(seed);
  Model<double> model = build_model<double>(spec);
  std::vector<double> params(model.num_params());
  model.init_params(params.data(), r);
  // Non-zero biases everywhere, so that padding and bias paths are both exercised.
  for (auto& p : params) p += 0.05 * r.normal();
  const Case c = random_case(r, n, model.in_size(), model.out_size(), loss);
  return gradient_error(model, params, c, loss);
}

}  // namespace

TEST_CASE("conv2d: forward equals a direct convolution loop (stride, padding, channels)") {
  const Shape in{2, 5, 6};
  const int F = 3, k = 3, s = 2, p = 1;
  Model<double> m = build_model<double>(cnn(in, {conv(F, k, s, p)}));
  Rng r(1);
  std::vector<double> params(m.num_params()), x(2 * in.size());
  for (auto& v : params) v = r.normal();
  for (auto& v : x) v = r.normal();
  const Tensor<double>& y = m.forward(params.data(), x.data(), 2);
  const int ho = (5 + 2 * p - k) / s + 1, wo = (6 + 2 * p - k) / s + 1;
  REQUIRE(y.cols == F * ho * wo);
  const double* w = params.data();                 // [F][C][k][k]
  const double* b = params.data() + F * 2 * k * k;  // [F]
  for (int i = 0; i < 2; ++i)
    for (int f = 0; f < F; ++f)
      for (int oy = 0; oy < ho; ++oy)
        for (int ox = 0; ox < wo; ++ox) {
          double want = b[f];
          for (int c = 0; c < 2; ++c)
            for (int a = 0; a < k; ++a)
              for (int bb = 0; bb < k; ++bb) {
                const int iy = oy * s - p + a, ix = ox * s - p + bb;
                if (iy < 0 || iy >= 5 || ix < 0 || ix >= 6) continue;
                want += w[((f * 2 + c) * k + a) * k + bb] * x[i * in.size() + (c * 5 + iy) * 6 + ix];
              }
          CHECK(y.row(i)[(f * ho + oy) * wo + ox] == doctest::Approx(want).epsilon(1e-12));
        }
}

namespace {

// The plain im2col formulation of a convolution, with the scalar GEMM: what the layer's
// gathering kernels must reproduce bit for bit.
struct Im2colConv {
  ConvGeometry g;
  int F;
  void forward(const float* w, const float* b, const float* x, int n, float* y) const {
    const int P = g.pixels(), K = g.patch();
    std::vector<float> col(static_cast<std::size_t>(K) * P);
    for (int i = 0; i < n; ++i) {
      float* yi = y + static_cast<long>(i) * F * P;
      im2col(g, x + static_cast<long>(i) * g.in.size(), col.data());
      for (int f = 0; f < F; ++f)
        for (int p = 0; p < P; ++p) yi[f * P + p] = b[f];
      gemm_scalar(TransA::No, F, P, K, w, col.data(), yi, true);
    }
  }
  void backward(const float* w, const float* x, const float* dy, int n, float* dw, float* db, float* dx) const {
    const int P = g.pixels(), K = g.patch();
    std::vector<float> col(static_cast<std::size_t>(K) * P), dyt(static_cast<std::size_t>(P) * F),
        dwt(static_cast<std::size_t>(K) * F, 0.0f), dcol(col.size());
    for (int i = 0; i < n; ++i) {
      const float* dyi = dy + static_cast<long>(i) * F * P;
      im2col(g, x + static_cast<long>(i) * g.in.size(), col.data());
      transpose(F, P, dyi, dyt.data());
      gemm_scalar(TransA::No, K, F, P, col.data(), dyt.data(), dwt.data(), true);
      for (int f = 0; f < F; ++f)
        for (int p = 0; p < P; ++p) db[f] += dyi[f * P + p];
      if (g.stride == 1 && g.padding < g.kernel) {
        transposed_convolution(w, dyi, dx + static_cast<long>(i) * g.in.size());
        continue;
      }
      gemm_scalar(TransA::Yes, K, P, F, w, dyi, dcol.data(), false);
      col2im_add(g, dcol.data(), dx + static_cast<long>(i) * g.in.size());
    }
    for (int f = 0; f < F; ++f)
      for (int k = 0; k < K; ++k) dw[f * K + k] += dwt[static_cast<std::size_t>(k) * F + f];
  }

  // dx[c][y][x] = sum over f, u, v of dY[f][y - q + u][x - q + v] W[f][c][k-1-u][k-1-v],
  // q = k - 1 - padding, dY zero outside; summed from 0 in (f, u, v) order, the
  // out-of-range terms included as 0 * w.
  void transposed_convolution(const float* w, const float* dy, float* dx) const {
    const int k = g.kernel, q = k - 1 - g.padding, C = g.in.channels, ho = g.out_h(), wo = g.out_w();
    for (int c = 0; c < C; ++c)
      for (int y = 0; y < g.in.height; ++y)
        for (int x = 0; x < g.in.width; ++x) {
          float sum = 0.0f;
          for (int f = 0; f < F; ++f)
            for (int u = 0; u < k; ++u)
              for (int v = 0; v < k; ++v) {
                const int oy = y - q + u, ox = x - q + v;
                const float d = oy >= 0 && oy < ho && ox >= 0 && ox < wo ? dy[(f * ho + oy) * wo + ox] : 0.0f;
                sum = sum + d * w[((f * C + c) * k + k - 1 - u) * k + k - 1 - v];
              }
          dx[(c * g.in.height + y) * g.in.width + x] = sum;
        }
  }
};

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

namespace {

// {channels, height, width, filters, kernel, stride, padding}: the MNIST bench's two
// layers, odd filter counts (leftover lanes), strides, no padding, and padding as wide
// as the kernel (stride 1, but dx by col2im: the transposed convolution needs padding < k).
const int kConvCases[][7] = {{1, 28, 28, 8, 5, 1, 2}, {8, 14, 14, 16, 5, 1, 2}, {3, 9, 7, 5, 3, 2, 1},
                             {2, 6, 6, 3, 3, 1, 0},   {4, 11, 10, 12, 3, 2, 0}, {1, 5, 5, 1, 5, 1, 2},
                             {2, 5, 4, 3, 2, 1, 2}};

// A random output gradient with the zeros of `kind`: "relu" zeroes every 7th entry
// (dense), "pool" keeps one entry in four at random, some of the zeros -0 as ReLU's
// backward writes them (sparse).
std::vector<float> output_gradient(Rng& r, int size, const char* kind) {
  std::vector<float> dy(size);
  for (auto& e : dy) e = static_cast<float>(r.normal());
  for (int k = 0; k < size; ++k) {
    const bool pool = std::strcmp(kind, "pool") == 0;
    if (pool ? r.uniform() < 0.75 : k % 7 == 0) dy[k] = pool && r.uniform() < 0.3 ? -0.0f : 0.0f;
  }
  return dy;
}

}  // namespace

TEST_CASE("conv2d: the float layer is bit-identical to im2col loops with the scalar GEMM") {
  INFO("SIMD kernel active: " << gemm_f32_is_simd());
  Rng r(77);
  for (const auto& c : kConvCases)
    for (const char* zeros : {"relu", "pool"}) {
      const Shape in{c[0], c[1], c[2]};
      const int F = c[3], n = 3;
      Conv2d<float> layer(in, F, c[4], c[5], c[6]);
      ParamLayout layout;
      layer.declare_params(layout, 0);
      WeightBlock wb;
      REQUIRE(layer.weight_block(&wb));
      const Im2colConv ref{{in, c[4], c[5], c[6]}, F};
      const int out = F * ref.g.pixels();
      std::vector<float> params(layout.size()), x(static_cast<std::size_t>(n) * in.size());
      for (auto* v : {&params, &x})
        for (auto& e : *v) e = static_cast<float>(r.normal());
      const std::vector<float> dy = output_gradient(r, n * out, zeros);

      Tensor<float> xt, y, dx;
      xt.resize(n, in.size());
      std::copy(x.begin(), x.end(), xt.data.begin());
      layer.forward(params.data(), xt, y);
      std::vector<float> want_y(static_cast<std::size_t>(n) * out);
      ref.forward(params.data() + wb.weight, params.data() + wb.bias, x.data(), n, want_y.data());
      INFO("case " << c[0] << "x" << c[1] << "x" << c[2] << " F=" << F << " k=" << c[4] << " s=" << c[5] << " p=" << c[6]
                   << ", dY zeros " << zeros);
      CHECK(same_bits(std::vector<float>(y.data.begin(), y.data.end()), want_y));

      Tensor<float> dyt;
      dyt.resize(n, out);
      std::copy(dy.begin(), dy.end(), dyt.data.begin());
      std::vector<float> grad(params.size(), 0.5f), want_grad(params.size(), 0.5f), want_dx(x.size(), 0.0f);
      layer.backward(params.data(), xt, y, dyt, grad.data(), &dx);
      ref.backward(params.data() + wb.weight, x.data(), dy.data(), n, want_grad.data() + wb.weight, want_grad.data() + wb.bias,
                   want_dx.data());
      CHECK(same_bits(grad, want_grad));
      CHECK(same_bits(std::vector<float>(dx.data.begin(), dx.data.end()), want_dx));
    }
}

TEST_CASE("conv2d: the backward pass over nonzero dY entries alone is bit-identical to the dense loops") {
  Rng r(78);
  for (const auto& c : kConvCases)
    for (const char* zeros : {"relu", "pool"}) {
      const ConvGeometry g{{c[0], c[1], c[2]}, c[4], c[5], c[6]};
      const int F = c[3], n = 3, out = F * g.pixels();
      const Im2colConv ref{g, F};
      std::vector<float> w(static_cast<std::size_t>(F) * g.patch()), x(static_cast<std::size_t>(n) * g.in.size());
      for (auto* v : {&w, &x})
        for (auto& e : *v) e = static_cast<float>(r.normal());
      const std::vector<float> dy = output_gradient(r, n * out, zeros);
      Tensor<float> xt, dyt, dx;
      xt.resize(n, g.in.size());
      std::copy(x.begin(), x.end(), xt.data.begin());
      dyt.resize(n, out);
      std::copy(dy.begin(), dy.end(), dyt.data.begin());
      // The input gradient takes this path only where it is the transposed convolution.
      const bool with_dx = g.stride == 1 && g.padding < g.kernel;
      INFO("case " << c[0] << "x" << c[1] << "x" << c[2] << " F=" << F << " k=" << c[4] << " s=" << c[5] << " p=" << c[6]
                   << ", dY zeros " << zeros << (with_dx ? "" : ", no dx"));
      std::vector<float> dw(w.size(), 0.5f), db(F, 0.5f), want_dw(w.size(), 0.5f), want_db(F, 0.5f), want_dx(x.size(), 0.0f);
      Conv2dSparseGrad<float> sparse(g, F);
      sparse.backward(w.data(), xt, dyt, dw.data(), db.data(), with_dx ? &dx : nullptr);
      ref.backward(w.data(), x.data(), dy.data(), n, want_dw.data(), want_db.data(), want_dx.data());
      CHECK(same_bits(dw, want_dw));
      CHECK(same_bits(db, want_db));
      if (with_dx) CHECK(same_bits(std::vector<float>(dx.data.begin(), dx.data.end()), want_dx));
    }
}

TEST_CASE("conv2d: a dY behind a 2x2 max-pool takes the sparse backward pass where its rows are long") {
  Rng r(79);
  // The MNIST CNN's second layer (rows of 5 x 8 floats) and first (rows of 5 floats,
  // too short for the sparse pass to pay).
  for (const auto& c : {kConvCases[1], kConvCases[0]}) {
    const ConvGeometry g{{c[0], c[1], c[2]}, c[4], c[5], c[6]};
    const int F = c[3], out = F * g.pixels();
    Tensor<float> dyt;
    dyt.resize(4, out);
    const Conv2dSparseGrad<float> sparse(g, F);
    for (const char* zeros : {"relu", "pool"}) {
      const std::vector<float> dy = output_gradient(r, 4 * out, zeros);
      std::copy(dy.begin(), dy.end(), dyt.data.begin());
      INFO(c[0] << " channels, dY zeros " << zeros);
      CHECK(sparse.worth_it(dyt, true) == (c[0] == 8 && std::strcmp(zeros, "pool") == 0));
    }
  }
}

TEST_CASE("pooling: max and average forward on a known image") {
  // One 1x4x4 image with values 0..15; 2x2 windows, stride 2.
  std::vector<double> x(16);
  for (int i = 0; i < 16; ++i) x[i] = i;
  Model<double> mx = build_model<double>(cnn({1, 4, 4}, {pool("maxpool", 2, 2)}));
  Model<double> av = build_model<double>(cnn({1, 4, 4}, {pool("avgpool", 2, 2)}));
  const Tensor<double>& ym = mx.forward(nullptr, x.data(), 1);
  CHECK(std::vector<double>(ym.data.begin(), ym.data.end()) == std::vector<double>{5, 7, 13, 15});
  const Tensor<double>& ya = av.forward(nullptr, x.data(), 1);
  CHECK(std::vector<double>(ya.data.begin(), ya.data.end()) == std::vector<double>{2.5, 4.5, 10.5, 12.5});
  // Overlapping windows (size 3, stride 1) and a stride that leaves a remainder (floor mode).
  CHECK(Pool2d<double>::output_shape({2, 7, 5}, 3, 1).height == 5);
  CHECK(Pool2d<double>::output_shape({2, 7, 5}, 2, 2).width == 2);
}

TEST_CASE("pooling: the float 2x2 max pool is bit-identical to the window rule, with ties, NaN and -0") {
  // Values from a small set, so that windows tie often; odd sizes leave a row or column out.
  const float values[] = {-1.0f, -0.0f, 0.0f, 1.0f, 2.0f, std::nanf("")};
  const Shape shapes[] = {{1, 28, 28}, {16, 14, 14}, {3, 12, 18}, {2, 7, 9}};
  Rng r(5);
  for (const Shape& in : shapes) {
    const int n = 2;
    const Shape o = Pool2d<float>::output_shape(in, 2, 2);
    Pool2d<float> pool(in, PoolKind::Max, 2, 2);
    Tensor<float> x, y, dy, dx;
    x.resize(n, in.size());
    dy.resize(n, o.size());
    for (auto& v : x.data) v = values[static_cast<int>(r.uniform(0, 6)) % 6];
    for (auto& v : dy.data) v = r.uniform(0, 1) < 0.2 ? -0.0f : static_cast<float>(r.normal());
    pool.forward(nullptr, x, y);
    pool.backward(nullptr, x, y, dy, nullptr, &dx);
    // The rule, spelt out: the first strictly largest entry in reading order wins.
    std::vector<float> want_y(static_cast<std::size_t>(n) * o.size()), want_dx(static_cast<std::size_t>(n) * in.size(), 0.0f);
    for (int i = 0; i < n; ++i)
      for (int c = 0; c < in.channels; ++c)
        for (int oy = 0; oy < o.height; ++oy)
          for (int ox = 0; ox < o.width; ++ox) {
            long best = -1;
            for (int a = 0; a < 2; ++a)
              for (int b = 0; b < 2; ++b) {
                const long at = static_cast<long>(i) * in.size() + (c * in.height + 2 * oy + a) * in.width + 2 * ox + b;
                if (best < 0 || x.data[at] > x.data[best]) best = at;
              }
            const long out = static_cast<long>(i) * o.size() + (c * o.height + oy) * o.width + ox;
            want_y[out] = x.data[best];
            want_dx[best] += dy.data[out];
          }
    INFO("shape " << in.channels << "x" << in.height << "x" << in.width);
    CHECK(same_bits(std::vector<float>(y.data.begin(), y.data.end()), want_y));
    CHECK(same_bits(std::vector<float>(dx.data.begin(), dx.data.end()), want_dx));
  }
}

TEST_CASE("gradients: conv2d matches finite differences (double), with stride and padding") {
  for (auto geometry : std::vector<std::vector<int>>{{3, 1, 0}, {3, 2, 1}, {2, 1, 1}, {1, 1, 0}}) {
    INFO("kernel " << geometry[0] << " stride " << geometry[1] << " padding " << geometry[2]);
    // A conv after a conv, so the first one's parameter gradients also test the second's dx.
    const ModelSpec spec = cnn({2, 6, 5}, {conv(3, geometry[0], geometry[1], geometry[2]), act(Activation::Tanh),
                                           conv(2, 2, 1, 1), flatten(), dense(4)});
    CHECK(check_model(spec, 21 + geometry[0] * 10 + geometry[1]) < 1e-7);
  }
}

TEST_CASE("gradients: max and average pooling match finite differences (double)") {
  for (const char* kind : {"maxpool", "avgpool"})
    for (auto sz : std::vector<std::pair<int, int>>{{2, 2}, {3, 1}, {2, 3}}) {
      INFO(kind << " size " << sz.first << " stride " << sz.second);
      const ModelSpec spec = cnn({2, 7, 6}, {conv(3, 3, 1, 1), pool(kind, sz.first, sz.second), flatten(), dense(3)});
      CHECK(check_model(spec, 31 + sz.first) < 1e-7);
    }
}

TEST_CASE("gradients: a small LeNet-style CNN matches finite differences for every loss (double)") {
  const ModelSpec spec = cnn({1, 8, 8}, {conv(4, 3, 1, 1), act(Activation::Relu), pool("maxpool", 2, 2), conv(6, 3, 1, 0),
                                         act(Activation::Gelu), pool("avgpool", 2, 2), flatten(), dense(5),
                                         act(Activation::Tanh), dense(3)});
  for (LossKind loss : {LossKind::CrossEntropy, LossKind::Mse, LossKind::BinaryCrossEntropy}) {
    INFO("loss " << loss_name(loss));
    CHECK(check_model(spec, 41, 4, loss) < 1e-7);
  }
}

TEST_CASE("conv2d: the float model agrees with the double model") {
  const ModelSpec spec = cnn({3, 9, 9}, {conv(8, 3, 1, 1), act(Activation::Relu), pool("maxpool", 2, 2), conv(5, 3, 2, 1),
                                         flatten(), dense(4)});
  Model<double> md = build_model<double>(spec);
  Model<float> mf = build_model<float>(spec);
  Rng r(51);
  std::vector<double> pd(md.num_params());
  md.init_params(pd.data(), r);
  std::vector<float> pf(pd.begin(), pd.end());
  const Case c = random_case(r, 6, md.in_size(), 4, LossKind::CrossEntropy);
  std::vector<float> xf(c.x.begin(), c.x.end());
  const TargetView t{c.labels.data(), c.targets.data(), 4};
  std::vector<double> gd(pd.size());
  std::vector<float> gf(pf.size());
  const double ld = md.loss_and_grad(pd.data(), c.x.data(), 6, LossKind::CrossEntropy, t, gd.data());
  const double lf = mf.loss_and_grad(pf.data(), xf.data(), 6, LossKind::CrossEntropy, t, gf.data());
  CHECK(lf == doctest::Approx(ld).epsilon(1e-5));
  for (std::size_t i = 0; i < gd.size(); ++i) CHECK(gf[i] == doctest::Approx(gd[i]).epsilon(1e-3).scale(1e-4));
}

TEST_CASE("init schemes: kaiming, xavier and orthogonal have their defining statistics") {
  // One wide and one tall dense layer: [in=60] -> 40 -> 90.
  ModelSpec spec;
  spec.input = {60, 1, 1};
  spec.layers = {dense(40), act(Activation::Relu), dense(90)};
  Model<double> m = build_model<double>(spec);
  std::vector<double> p(m.num_params());
  WeightBlock first, second;
  m.layers()[0]->weight_block(&first);
  m.layers()[2]->weight_block(&second);

  Rng r(61);
  m.init_params(p.data(), r, InitScheme::Orthogonal);
  for (const WeightBlock& b : {first, second}) {
    // Wide (40 x 60): W W^T = I. Tall (90 x 40): W^T W = I.
    const bool wide = b.rows <= b.cols;
    const int n = wide ? b.rows : b.cols, len = wide ? b.cols : b.rows;
    double worst = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        double dot = 0;
        for (int k = 0; k < len; ++k) {
          const double a = wide ? p[b.weight + i * b.cols + k] : p[b.weight + k * b.cols + i];
          const double c = wide ? p[b.weight + j * b.cols + k] : p[b.weight + k * b.cols + j];
          dot += a * c;
        }
        worst = std::max(worst, std::abs(dot - (i == j ? 1.0 : 0.0)));
      }
    CHECK(worst < 1e-12);
    for (int i = 0; i < b.rows; ++i) CHECK(p[b.bias + i] == 0.0);
  }

  m.init_params(p.data(), r, InitScheme::Kaiming);
  double sum2 = 0;
  for (int i = 0; i < 40 * 60; ++i) sum2 += p[first.weight + i] * p[first.weight + i];
  CHECK(sum2 / (40 * 60) == doctest::Approx(2.0 / 60).epsilon(0.08));  // N(0, 2/fan_in)

  m.init_params(p.data(), r, InitScheme::Xavier);
  const double bound = std::sqrt(6.0 / (40 + 90));
  double largest = 0;
  for (int i = 0; i < 90 * 40; ++i) largest = std::max(largest, std::abs(p[second.weight + i]));
  CHECK(largest <= bound);
  CHECK(largest > 0.95 * bound);
}

TEST_CASE("cnn spec: shapes flow through the layers and mistakes are named") {
  Json spec = Json::parse(R"({
    "seed": 3,
    "problem": {"kind": "inline", "x": [[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]], "y": [1], "num_classes": 2},
    "model": {"kind": "cnn", "layers": [{"type": "dense", "units": 2}]},
    "steps": 1, "runs": [{"optimizer": "sgd", "lr": 0.1}]})");
  // Inline rows are flat; a CNN sees them as channels x 1 x 1, so dense works directly.
  CHECK(error_of([&] { Experiment e(spec); }) == "");
  spec["model"]["layers"] = Json::parse(R"([{"type": "conv2d", "filters": 2, "kernel": 3}])");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.layers[0].kernel: must fit the padded input (16x1x1 with padding 0), got 3") == 0);
  spec["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 3}])");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.layers[0]: the last layer must give the number of classes (2) outputs, got 3") == 0);
  spec["model"]["layers"] = Json::parse(R"([{"type": "flatten"}, {"type": "maxpool", "size": 1}])");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.layers[1]: \"maxpool\" must come before any \"flatten\" or \"dense\" layer") == 0);
  spec["model"]["layers"] = Json::parse(R"([{"type": "conv2d", "filters": 2, "kernel": 1, "padding": -1}])");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.layers[0].padding: must be an integer in [0, 64], got -1") == 0);
  spec["model"]["layers"] = Json::parse(R"([{"type": "softmax"}])");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.layers[0].type: must be one of") == 0);
  spec["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 2, "filters": 3}])");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.layers[0].filters: is not a known key here") == 0);
  spec["model"] = Json::parse(R"({"kind": "logistic", "init_scheme": "lecun"})");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.init_scheme: must be one of \"pytorch\", \"kaiming\", \"xavier\", \"orthogonal\"") == 0);
  spec["model"] = Json::parse(R"({"kind": "logistic", "sizes": [16, 4, 2]})");
  CHECK(error_of([&] { Experiment e(spec); }).find("model.sizes: must be [inputs, outputs] for a \"logistic\" model") == 0);
  spec["model"] = Json::parse(R"({"kind": "linear", "init_scheme": "orthogonal"})");
  CHECK(error_of([&] { Experiment e(spec); }) == "");
}

TEST_CASE("cnn spec: explicit init values land in the conv and dense weights, torch's reshape(filters, -1) order") {
  // 1x3x3 input, conv 2 filters 2x2 -> 2x2x2, flatten, dense 2.
  Json spec = Json::parse(R"({"seed": 0, "steps": 1, "runs": [{"optimizer": "sgd", "lr": 0.1}],
    "problem": {"kind": "dataset", "name": "mnist"},
    "model": {"kind": "cnn", "layers": [{"type": "conv2d", "filters": 2, "kernel": 2}, {"type": "flatten"},
                                         {"type": "dense", "units": 2}],
              "init": {"weights": [[[1, 0, 0, 0], [0, 0, 0, 1]], [[1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1]]],
                       "biases": [[0.5, -0.5], [0, 1]]}}})");
  // A tiny registered image set: 3x3 grey images with 2 classes.
  OzdSpec tiny;
  tiny.rows = tiny.cols = 3;
  tiny.num_classes = 2;
  const Bytes bytes = make_ozd(tiny);
  register_dataset("mnist", bytes.data(), bytes.size());
  Experiment e(spec);
  const auto& p = e.initial_point();
  REQUIRE(p.size() == 2u * 4 + 2 + 2 * 8 + 2);
  CHECK(p[0] == 1.0f);
  CHECK(p[7] == 1.0f);
  CHECK(p[8] == 0.5f);
  CHECK(p[9] == -0.5f);
  CHECK(p[10] == 1.0f);
  CHECK(p[10 + 15] == 1.0f);
  CHECK(p[27] == 1.0f);
  spec["model"]["init"]["weights"][0][1].push_back(3);
  CHECK(error_of([&] { Experiment bad(spec); }) == "model.init.weights[0][1]: must have 4 entries (the layer's inputs), got 5");
  clear_datasets();
}
