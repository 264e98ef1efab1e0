// The "model" part of an experiment spec, parsed and checked against the data, and
// turned into a Model of any scalar type. A model is a list of LayerSpecs, so every
// architecture (MLP, logistic regression, CNN) is built by the same code.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/spec_reader.hpp"
#include "nn/activation.hpp"
#include "nn/activation_layer.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/init.hpp"
#include "nn/model.hpp"
#include "nn/pool2d.hpp"

namespace optzoo {

struct LayerSpec {
  std::string kind;  // "dense" | "activation" | "conv2d" | "maxpool" | "avgpool" | "flatten"
  int out = 0;       // dense: units; conv2d: filters
  Activation activation = Activation::Identity;
  int kernel = 0, stride = 1, padding = 0;  // conv2d; pools use kernel as the window size
};

struct ModelSpec {
  std::string kind;  // "mlp" | "linear" | "logistic" | "cnn"
  Shape input;
  std::vector<LayerSpec> layers;
  InitScheme init_scheme = InitScheme::Pytorch;
  // Explicit initial values for the layers with weights, in order: weights [out][in], biases [out].
  std::optional<std::vector<std::vector<float>>> init_weights, init_biases;
};

// What the data and the loss say the model must accept and produce.
struct ModelContract {
  Shape input;
  int outputs;              // classes (cross-entropy) or target width
  std::string outputs_why;  // "the number of classes (3)"
  LossKind loss = LossKind::CrossEntropy;
};

ModelSpec parse_model_spec(SpecObject model, const ModelContract& contract);
// The "layers" list of a "cnn" model (cnn_spec.cpp).
void parse_cnn_layers(SpecObject& model, const ModelContract& contract, ModelSpec& spec);
// Parameters of a model, to refuse huge ones before allocating.
double count_params(const ModelSpec& spec);
// Floats of one example's activations, the input included, summed over layers.
double activation_floats(const ModelSpec& spec);
// Floats the layers keep besides activations, whatever the batch size.
double workspace_floats(const ModelSpec& spec);

template <class T>
Model<T> build_model(const ModelSpec& spec) {
  Model<T> m;
  Shape shape = spec.input;
  for (const auto& l : spec.layers) {
    if (l.kind == "dense") {
      m.add(std::make_unique<Dense<T>>(shape.size(), l.out));
    } else if (l.kind == "conv2d") {
      m.add(std::make_unique<Conv2d<T>>(shape, l.out, l.kernel, l.stride, l.padding));
    } else if (l.kind == "maxpool" || l.kind == "avgpool") {
      m.add(std::make_unique<Pool2d<T>>(shape, l.kind == "maxpool" ? PoolKind::Max : PoolKind::Average, l.kernel, l.stride));
    } else if (l.kind == "activation") {
      m.add(std::make_unique<ActivationLayer<T>>(l.activation, shape));
    }
    // A row already holds an example's C*H*W values, so "flatten" only changes the shape.
    shape = l.kind == "flatten" ? Shape{shape.size(), 1, 1} : m.layers().back()->out_shape();
  }
  return m;
}

// Fills params: explicit init where the spec gives it, the init scheme otherwise.
template <class T>
void initial_params(const ModelSpec& spec, const Model<T>& model, Rng& rng, T* params) {
  model.init_params(params, rng, spec.init_scheme);
  if (!spec.init_weights) return;
  std::size_t index = 0;
  WeightBlock block;
  for (const auto& layer : model.layers()) {
    if (!layer->weight_block(&block)) continue;
    const auto& w = (*spec.init_weights)[index];
    const auto& b = (*spec.init_biases)[index];
    std::copy(w.begin(), w.end(), params + block.weight);
    std::copy(b.begin(), b.end(), params + block.bias);
    ++index;
  }
}

}  // namespace optzoo
