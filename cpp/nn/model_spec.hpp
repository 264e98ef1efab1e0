// The "model" part of an experiment spec, parsed and checked against the data, and
// turned into a Model of any scalar type. A model is a list of LayerSpecs, so new
// architectures (CNNs, ...) add a layer kind, not a new code path.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/spec_reader.hpp"
#include "nn/activation.hpp"
#include "nn/activation_layer.hpp"
#include "nn/dense.hpp"
#include "nn/model.hpp"

namespace optzoo {

struct LayerSpec {
  std::string kind;  // "dense" | "activation"
  int out = 0;       // dense: output width
  Activation activation = Activation::Identity;
};

struct ModelSpec {
  std::string kind;  // "mlp"
  Shape input;
  std::vector<LayerSpec> layers;
  // Explicit initial values for dense layers, in order: weights [out][in], biases [out].
  std::optional<std::vector<std::vector<float>>> init_weights, init_biases;
};

// What the data says the model must accept and produce.
struct ModelContract {
  Shape input;
  int outputs;              // classes (cross-entropy) or target width
  std::string outputs_why;  // "the number of classes (3)"
};

ModelSpec parse_model_spec(SpecObject model, const ModelContract& contract);

template <class T>
Model<T> build_model(const ModelSpec& spec) {
  Model<T> m;
  Shape shape = spec.input;
  for (const auto& l : spec.layers) {
    if (l.kind == "dense") {
      m.add(std::make_unique<Dense<T>>(shape.size(), l.out));
      shape = {l.out, 1, 1};
    } else {
      m.add(std::make_unique<ActivationLayer<T>>(l.activation, shape));
    }
  }
  return m;
}

// Fills params: explicit init where the spec gives it, the layers' defaults otherwise.
template <class T>
void initial_params(const ModelSpec& spec, const Model<T>& model, Rng& rng, T* params) {
  model.init_params(params, rng);
  if (!spec.init_weights) return;
  std::size_t dense = 0;
  for (const auto& layer : model.layers()) {
    const auto* d = dynamic_cast<const Dense<T>*>(layer.get());
    if (!d) continue;
    const auto& w = (*spec.init_weights)[dense];
    const auto& b = (*spec.init_biases)[dense];
    std::copy(w.begin(), w.end(), params + d->weight_offset());
    std::copy(b.begin(), b.end(), params + d->bias_offset());
    ++dense;
  }
}

}  // namespace optzoo
