// Toy datasets, feature expansion, the dataset store with real (packed) image data, and
// the network views the page draws from.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "ozd_builder.hpp"
#include "problems/dataset_store.hpp"
#include "problems/network_problem.hpp"
#include "problems/problem_factory.hpp"
#include "problems/toy_datasets.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

Json toy_spec(const std::string& problem, const std::string& model = R"({"kind": "mlp", "sizes": [2, 8, 3]})") {
  return Json::parse(R"({"seed": 4, "steps": 2, "runs": [{"optimizer": "sgd", "lr": 0.1}], "problem": )" + problem +
                     R"(, "model": )" + model + "}");
}

}  // namespace

TEST_CASE("toy datasets: sizes, label ranges, balanced classes, reproducible from the seed") {
  for (const auto& g : toy_generators()) {
    ToyOptions o;
    o.size = 300;
    o.classes = g.default_classes;
    o.noise = g.default_noise;
    std::vector<float> raw, raw2, targets, targets2;
    std::vector<int32_t> labels, labels2;
    Rng a(9), b(9);
    g.generate(o, a, raw, labels, targets);
    g.generate(o, b, raw2, labels2, targets2);
    CHECK_MESSAGE(raw.size() == static_cast<std::size_t>(o.size * g.raw), g.name);
    CHECK(raw == raw2);
    CHECK(labels == labels2);
    CHECK(targets == targets2);
    for (float v : raw) CHECK(std::isfinite(v));
    if (g.task == Task::Classification) {
      REQUIRE(labels.size() == 300u);
      std::vector<int> count(o.classes, 0);
      for (int32_t l : labels) {
        REQUIRE(l >= 0);
        REQUIRE(l < o.classes);
        ++count[l];
      }
      // Every class is present, none has more than twice its share (xor is random).
      for (int c : count) CHECK_MESSAGE((c > 0 && c < 2 * 300 / o.classes), g.name);
    } else {
      CHECK(targets.size() == 300u);
    }
  }
}

TEST_CASE("toy datasets: spiral classes lie on separate arms (same radius, rotated by 2 pi / K)") {
  const ToyGenerator* g = find_toy_generator("spiral");
  ToyOptions o;
  o.size = 30;
  o.classes = 3;
  o.noise = 0;
  std::vector<float> raw, t;
  std::vector<int32_t> labels;
  Rng r(1);
  g->generate(o, r, raw, labels, t);
  // Examples 0, 1, 2 share a radius; their angles differ by 120 degrees.
  const double r0 = std::hypot(raw[0], raw[1]), r1 = std::hypot(raw[2], raw[3]);
  CHECK(r0 == doctest::Approx(r1));
  const double a0 = std::atan2(raw[1], raw[0]), a1 = std::atan2(raw[3], raw[2]);
  double diff = std::remainder(a1 - a0, 2 * 3.141592653589793);
  CHECK(diff == doctest::Approx(2 * 3.141592653589793 / 3).epsilon(1e-5));
}

TEST_CASE("toy datasets: split sizes, features expanded, raw points kept for views") {
  Experiment e(toy_spec(R"({"kind": "dataset", "name": "circles", "classes": 3, "size": 200, "test_fraction": 0.3,
                            "features": ["x", "y", "x2", "y2", "xy", "sinx"]})",
                        R"({"kind": "mlp", "sizes": [6, 8, 3]})"));
  auto& p = dynamic_cast<NetworkProblem&>(e.problem());
  CHECK(p.train().n == 140);
  REQUIRE(p.test());
  CHECK(p.test()->n == 60);
  const Dataset& d = p.train();
  REQUIRE(d.raw_features == 2);
  for (int i = 0; i < d.n; ++i) {
    const float x = d.raw_x[2 * i], y = d.raw_x[2 * i + 1];
    const float* row = d.x.data() + 6 * i;
    CHECK(row[0] == x);
    CHECK(row[1] == y);
    CHECK(row[2] == x * x);
    CHECK(row[3] == y * y);
    CHECK(row[4] == x * y);
    CHECK(row[5] == std::sin(x));
  }
  const DataPoints pts = p.data_points(true, 10);
  CHECK(pts.raw_features == 2);
  CHECK(pts.x.size() == 20u);
  CHECK(pts.x[0] == p.test()->raw_x[0]);
  CHECK(pts.y[3] == static_cast<float>(p.test()->labels[3]));
  // Probabilities on a grid: one row of 3 per point, each summing to 1; the grid point
  // equal to a data point gives the same prediction as the model on its features.
  std::vector<float> probs;
  const double b[4] = {-1, 1, -1, 1};
  CHECK(p.predict_grid(e.runs()[0].params.data(), b, 4, 3, probs) == 3);
  REQUIRE(probs.size() == 36u);
  for (int i = 0; i < 12; ++i) CHECK(probs[3 * i] + probs[3 * i + 1] + probs[3 * i + 2] == doctest::Approx(1.0f).epsilon(1e-5));
  const ProblemInfo info = e.problem().info();
  CHECK(info.two_d);
  CHECK(info.classes == 3);
  CHECK(info.name == "circles");
  CHECK(info.bounds[0] < -0.9);
  CHECK(info.bounds[1] > 0.9);
}

TEST_CASE("toy datasets: the data depend on the seed, problem.seed pins them") {
  auto first_x = [](const std::string& problem, int seed) {
    Json s = toy_spec(problem);
    s["seed"] = seed;
    Experiment e(s);
    return dynamic_cast<NetworkProblem&>(e.problem()).train().x[0];
  };
  const std::string plain = R"({"kind": "dataset", "name": "blobs"})";
  const std::string pinned = R"({"kind": "dataset", "name": "blobs", "seed": 12})";
  CHECK(first_x(plain, 1) != first_x(plain, 2));
  CHECK(first_x(pinned, 1) == first_x(pinned, 2));
}

TEST_CASE("toy datasets: spec errors name the field") {
  auto err = [](const std::string& problem, const std::string& model = R"({"kind": "mlp", "sizes": [2, 8, 2]})") {
    return error_of([&] { Experiment e(toy_spec(problem, model)); });
  };
  CHECK(err(R"({"kind": "dataset", "name": "xor", "classes": 3})") == "problem.classes: is not a known key here");
  CHECK(err(R"({"kind": "dataset", "name": "xor", "features": ["x", "zz"]})")
            .rfind("problem.features[1]: must be one of \"x\", \"y\"", 0) == 0);
  CHECK(err(R"({"kind": "dataset", "name": "regression1d", "features": ["y"]})", R"({"kind": "mlp", "sizes": [1, 1]})")
            .find("(this data has one input, x)") != std::string::npos);
  CHECK(err(R"({"kind": "dataset", "name": "xor", "features": ["x", "x"]})") == "problem.features[1]: \"x\" is listed twice");
  CHECK(err(R"({"kind": "dataset", "name": "xor", "features": ["x", "y", "xy"]})")
            .rfind("model.sizes", 0) == 0);  // 3 features but the model takes 2
  CHECK(err(R"({"kind": "dataset", "name": "spiral"})").rfind("model.", 0) == 0);  // 3 classes, 2 outputs
  CHECK(err(R"({"kind": "dataset", "name": "moons", "test_fraction": 1})").rfind("problem.test_fraction:", 0) == 0);
}

TEST_CASE("real datasets: registered bytes serve subsets, normalisations and image views") {
  OzdSpec s;
  s.n_train = 6;
  s.n_test = 4;
  s.rows = 2;
  s.cols = 2;
  s.num_classes = 3;
  const Bytes bytes = make_ozd(s);
  clear_datasets();
  const std::string base = R"({"seed": 0, "steps": 1, "runs": [{"optimizer": "sgd", "lr": 0.1}],
      "model": {"kind": "logistic"}, "problem": {"kind": "dataset", "name": "mnist")";
  CHECK(error_of([&] { Experiment e(Json::parse(base + "}}")); })
            .rfind("problem.name: dataset \"mnist\" is not loaded", 0) == 0);
  register_dataset("mnist", bytes.data(), bytes.size());

  Experiment e(Json::parse(base + R"(, "train_size": 4, "test_size": 3}})"));
  auto& p = dynamic_cast<NetworkProblem&>(e.problem());
  CHECK(p.train().n == 4);
  CHECK(p.test()->n == 3);
  // make_ozd: pixel j of image i is 10 i + j; unit scaling divides by 255.
  CHECK(p.train().x[1 * 4 + 2] == doctest::Approx(12 / 255.0f));
  CHECK(p.test()->x[0] == doctest::Approx(60 / 255.0f));  // the first test image is image 6
  CHECK(p.test()->labels[0] == 0);                          // 6 % 3
  std::vector<float> img;
  p.test_images(1, 2, img);
  REQUIRE(img.size() == 8u);
  CHECK(img[0] == doctest::Approx(70 / 255.0f));
  std::vector<int32_t> labels, pred;
  p.test_labels(0, 3, labels);
  CHECK(labels == std::vector<int32_t>{0, 1, 2});
  p.predict(e.runs()[0].params.data(), 0, 3, pred);
  CHECK(pred.size() == 3u);
  for (int32_t c : pred) CHECK((c >= 0 && c < 3));
  CHECK(error_of([&] { p.test_images(2, 2, img); }).rfind("testImages: examples 2 to 4 are outside", 0) == 0);
  const ProblemInfo info = e.problem().info();
  CHECK(info.image);
  CHECK(info.height == 2);
  CHECK(info.classes == 3);
  CHECK_FALSE(info.two_d);

  Experiment st(Json::parse(base + R"(, "normalize": "standardize"}})"));
  const auto& x = dynamic_cast<NetworkProblem&>(st.problem()).train().x;
  double mean = 0, sq = 0;
  for (float v : x) mean += v / x.size();
  for (float v : x) sq += (v - mean) * (v - mean) / x.size();
  CHECK(std::abs(mean) < 1e-5);
  CHECK(sq == doctest::Approx(1.0).epsilon(1e-4));
  Experiment raw(Json::parse(base + R"(, "normalize": "none"}})"));
  CHECK(dynamic_cast<NetworkProblem&>(raw.problem()).train().x[5] == 11.0f);  // image 1, pixel 1

  CHECK(error_of([&] { Experiment bad(Json::parse(base + R"(, "train_size": 7}})")); }) ==
        "problem.train_size: must be an integer in [1, 6], got 7");
  Bytes corrupt = bytes;
  corrupt[40] ^= 1;
  CHECK(error_of([&] { register_dataset("mnist", corrupt.data(), corrupt.size()); }).rfind("mnist.ozd: CRC mismatch", 0) == 0);
  CHECK(error_of([&] { register_dataset("cifar", bytes.data(), bytes.size()); }) ==
        "registerDataset: \"cifar\" is not a known dataset (mnist, fashion-mnist)");
  clear_datasets();
}
