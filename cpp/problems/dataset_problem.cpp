// problem.kind "dataset": a generated toy set (toy_datasets.cpp) or a registered real
// image dataset (dataset_store.cpp), split into train and test, under a model.
#include <nlohmann/json.hpp>

#include <cmath>

#include "core/limits.hpp"
#include "problems/dataset_store.hpp"
#include "problems/problem_factory.hpp"
#include "problems/toy_datasets.hpp"

namespace optzoo {
namespace {

std::unique_ptr<Problem> toy_problem(SpecObject& spec, SpecObject& problem, const ToyGenerator& g, uint64_t seed) {
  ToyOptions o;
  o.size = problem.integer("size", 4, limits::kMaxExamples, 400);
  o.classes = g.default_classes;
  if (g.max_classes > 2) o.classes = problem.integer("classes", 2, g.max_classes, g.default_classes);
  o.noise = problem.number("noise", closed(0, 10), g.default_noise);
  const double test_fraction = problem.number("test_fraction", closed(0, 0.9), 0.25);
  // problem.seed fixes the data while the experiment seed varies init and batches.
  const Json* data_seed_json = problem.optional("seed");
  const uint64_t data_seed =
      data_seed_json ? static_cast<uint64_t>(read_integer(*data_seed_json, problem.path("seed"), 0, 2147483647)) : seed;
  const FeatureMap features = parse_features(problem, g.raw);

  Dataset full;
  full.task = g.task;
  full.n = o.size;
  Rng rng = Rng(data_seed).fork(rng_streams::kData);
  g.generate(o, rng, full.raw_x, full.labels, full.targets);
  full.raw_features = g.raw;
  full.feature_map = features;
  expand_features(features, full.raw_x, full.n, full.x);
  full.features = features.size();
  full.shape = {full.features, 1, 1};
  full.num_classes = g.task == Task::Classification ? o.classes : 0;
  full.target_dim = g.task == Task::Regression ? 1 : 0;

  std::shared_ptr<Dataset> train, test;
  split_dataset(full, test_fraction, Rng(data_seed).fork(rng_streams::kSplit), &train, &test);
  problem.finish();
  auto out = make_network_problem(spec, train, test);
  out->set_source("dataset", g.name);
  return out;
}

// Normalisation of 0..255 pixels: "unit" -> p/255, "none" -> p, "standardize" ->
// (p/255 - m)/s with one mean and std over every training pixel (per-pixel statistics
// would divide by zero on MNIST's always-black border).
struct PixelMap {
  float scale = 1.0f / 255, shift = 0;
};

std::shared_ptr<Dataset> image_split(const ImageDataset& img, std::shared_ptr<const ImageDataset> owner, int first,
                                     int count, PixelMap map) {
  auto d = std::make_shared<Dataset>();
  d->task = Task::Classification;
  d->n = count;
  d->shape = {img.channels, img.rows, img.cols};
  d->features = d->shape.size();
  d->num_classes = img.num_classes;
  d->images = std::move(owner);
  d->image_offset = first;
  const std::size_t size = d->features;
  d->x.resize(static_cast<std::size_t>(count) * size);
  const uint8_t* src = img.pixels.data() + static_cast<std::size_t>(first) * size;
  // Packed pixels are interleaved (H, W, C); the model wants planar (C, H, W).
  const int hw = img.rows * img.cols, c = img.channels;
  for (int i = 0; i < count; ++i)
    for (int p = 0; p < hw; ++p)
      for (int k = 0; k < c; ++k)
        d->x[i * size + static_cast<std::size_t>(k) * hw + p] = src[i * size + static_cast<std::size_t>(p) * c + k] * map.scale + map.shift;
  d->labels.assign(img.labels.begin() + first, img.labels.begin() + first + count);
  return d;
}

std::unique_ptr<Problem> real_problem(SpecObject& spec, SpecObject& problem, const std::string& name) {
  auto img = find_dataset(name);
  if (!img)
    throw Error(problem.path("name"), "dataset \"" + name + "\" is not loaded (the CLI reads web/dist/data/" + name +
                                          ".ozd; run npm run build to create it)");
  const int n_train = problem.integer("train_size", 1, img->n_train, img->n_train);
  const int n_test = problem.integer("test_size", 0, img->n_test, img->n_test);
  const std::string norm = problem.string("normalize", {"unit", "none", "standardize"}, "unit");
  PixelMap map;
  if (norm == "none") map.scale = 1.0f;
  if (norm == "standardize") {
    const std::size_t count = static_cast<std::size_t>(n_train) * img->rows * img->cols * img->channels;
    double sum = 0, sum2 = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const double v = img->pixels[i] / 255.0;
      sum += v;
      sum2 += v * v;
    }
    const double mean = sum / count, sd = std::sqrt(std::max(sum2 / count - mean * mean, 1e-12));
    map.scale = static_cast<float>(1.0 / (255.0 * sd));
    map.shift = static_cast<float>(-mean / sd);
  }
  problem.finish();
  // The packed order is the deterministic split: the first train_size training images
  // and the first test_size test images.
  auto train = image_split(*img, img, 0, n_train, map);
  auto test = image_split(*img, img, img->n_train, n_test, map);
  auto out = make_network_problem(spec, train, test);
  out->set_source("dataset", name);
  return out;
}

}  // namespace

std::unique_ptr<Problem> make_dataset_problem(SpecObject& spec, SpecObject& problem, uint64_t seed) {
  std::vector<std::string> names = real_dataset_names();
  for (const auto& g : toy_generators()) names.push_back(g.name);
  const std::string name = problem.string("name", names);
  if (const ToyGenerator* g = find_toy_generator(name)) return toy_problem(spec, problem, *g, seed);
  return real_problem(spec, problem, name);
}

}  // namespace optzoo
