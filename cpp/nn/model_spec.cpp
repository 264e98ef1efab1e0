#include <nlohmann/json.hpp>

#include "nn/model_spec.hpp"

#include "core/limits.hpp"

namespace optzoo {
namespace {

using limits::kMaxParams;

Activation activation_at(const Json& j, const std::string& path) {
  Activation a;
  if (!j.is_string() || !parse_activation(j.get<std::string>(), &a))
    throw Error(path, "must be one of \"relu\", \"tanh\", \"sigmoid\", \"gelu\", \"identity\"");
  return a;
}

// The [rows][cols] shape of every weight matrix in layer order: dense [out][in], conv2d
// [filters][channels * kernel * kernel] (torch's weight.reshape(filters, -1)).
std::vector<std::pair<int, int>> weight_shapes(const ModelSpec& spec) {
  std::vector<std::pair<int, int>> out;
  Shape shape = spec.input;
  for (const auto& l : spec.layers) {
    if (l.kind == "dense") {
      out.push_back({l.out, shape.size()});
      shape = {l.out, 1, 1};
    } else if (l.kind == "conv2d") {
      out.push_back({l.out, shape.channels * l.kernel * l.kernel});
      shape = Conv2d<float>::output_shape(shape, l.out, l.kernel, l.stride, l.padding);
    } else if (l.kind == "maxpool" || l.kind == "avgpool") {
      shape = Pool2d<float>::output_shape(shape, l.kernel, l.stride);
    } else if (l.kind == "flatten") {
      shape = {shape.size(), 1, 1};
    }
  }
  return out;
}

// init.weights[l] must be [out][in] and init.biases[l] must be [out], all finite, for
// every layer with weights (dense and conv2d, in order).
void parse_init(SpecObject init, const std::vector<std::pair<int, int>>& shapes, ModelSpec& spec) {
  const std::size_t layers = shapes.size();
  const Json& w = read_array(init.required("weights"), init.path("weights"));
  const Json& b = read_array(init.required("biases"), init.path("biases"));
  if (w.size() != layers)
    throw Error(init.path("weights"), "must have one matrix per layer with weights (" + std::to_string(layers) + "), got " +
                                          std::to_string(w.size()));
  if (b.size() != layers)
    throw Error(init.path("biases"), "must have one vector per layer with weights (" + std::to_string(layers) + "), got " +
                                         std::to_string(b.size()));
  std::vector<std::vector<float>> weights(layers), biases(layers);
  for (std::size_t l = 0; l < layers; ++l) {
    const int out = shapes[l].first, in = shapes[l].second;
    const std::string wp = index_path(init.path("weights"), l);
    const Json& rows = read_array(w[l], wp);
    if (static_cast<int>(rows.size()) != out)
      throw Error(wp, "must be [out][in] = [" + std::to_string(out) + "][" + std::to_string(in) + "], got " +
                          std::to_string(rows.size()) + " rows");
    for (int r = 0; r < out; ++r) {
      const std::string rp = index_path(wp, r);
      const Json& row = read_array(rows[r], rp);
      if (static_cast<int>(row.size()) != in)
        throw Error(rp, "must have " + std::to_string(in) + " entries (the layer's inputs), got " + std::to_string(row.size()));
      for (int c = 0; c < in; ++c) weights[l].push_back(static_cast<float>(read_number(row[c], index_path(rp, c), any_finite())));
    }
    const std::string bp = index_path(init.path("biases"), l);
    const Json& bias = read_array(b[l], bp);
    if (static_cast<int>(bias.size()) != out)
      throw Error(bp, "must have " + std::to_string(out) + " entries (the layer's outputs), got " + std::to_string(bias.size()));
    for (int r = 0; r < out; ++r) biases[l].push_back(static_cast<float>(read_number(bias[r], index_path(bp, r), any_finite())));
  }
  init.finish();
  spec.init_weights = std::move(weights);
  spec.init_biases = std::move(biases);
}

// "mlp": sizes [in, hidden..., out] with one activation or one per hidden layer.
// "linear" / "logistic": one dense layer; sizes may be left out ([in, out] from the data).
void parse_dense_stack(SpecObject& model, const ModelContract& contract, ModelSpec& spec) {
  const bool single = spec.kind != "mlp";
  std::vector<int> sizes;
  if (single && !model.has("sizes")) {
    sizes = {contract.input.size(), contract.outputs};
  } else if (!single && model.has("hidden")) {
    // Shorthand for an MLP on any data: only the hidden widths, the ends follow from it.
    if (model.has("sizes")) throw Error(model.path("hidden"), "must not be given together with sizes (give one)");
    const Json& hidden = read_array(model.required("hidden"), model.path("hidden"));
    sizes.push_back(contract.input.size());
    for (std::size_t i = 0; i < hidden.size(); ++i)
      sizes.push_back(read_integer(hidden[i], index_path(model.path("hidden"), i), 1, limits::kMaxLayerWidth));
    sizes.push_back(contract.outputs);
  } else {
    const Json& sizes_json = read_array(model.required("sizes"), model.path("sizes"), 2);
    if (single && sizes_json.size() != 2)
      throw Error(model.path("sizes"), "must be [inputs, outputs] for a \"" + spec.kind + "\" model (no hidden layers), got " +
                                           std::to_string(sizes_json.size()) + " sizes");
    for (std::size_t i = 0; i < sizes_json.size(); ++i)
      sizes.push_back(read_integer(sizes_json[i], index_path(model.path("sizes"), i), 1, limits::kMaxLayerWidth));
  }
  if (sizes.front() != contract.input.size())
    throw Error(index_path(model.path("sizes"), 0), "must equal the number of input features (" +
                                                        std::to_string(contract.input.size()) + "), got " +
                                                        std::to_string(sizes.front()));
  if (sizes.back() != contract.outputs)
    throw Error(index_path(model.path("sizes"), sizes.size() - 1),
                "must equal " + contract.outputs_why + ", got " + std::to_string(sizes.back()));

  // One activation for every hidden layer, or a list with one per hidden layer.
  const std::size_t hidden = sizes.size() - 2;
  std::vector<Activation> acts(hidden, Activation::Relu);
  if (const Json* a = single ? nullptr : model.optional("activation")) {
    if (a->is_array()) {
      if (a->size() != hidden)
        throw Error(model.path("activation"), "must list one activation per hidden layer (" + std::to_string(hidden) + ")");
      for (std::size_t i = 0; i < hidden; ++i) acts[i] = activation_at((*a)[i], index_path(model.path("activation"), i));
    } else {
      std::fill(acts.begin(), acts.end(), activation_at(*a, model.path("activation")));
    }
  }
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    spec.layers.push_back({"dense", sizes[i + 1], Activation::Identity});
    if (i < hidden) spec.layers.push_back({"activation", 0, acts[i]});
  }
  const double params = count_params(spec);
  if (params > kMaxParams) throw Error(model.path("sizes"), "must give at most 50,000,000 parameters, got " + format_number(params));
}

}  // namespace

double count_params(const ModelSpec& spec) {
  double total = 0;
  for (const auto& [rows, cols] : weight_shapes(spec)) total += (cols + 1.0) * rows;
  return total;
}

double activation_floats(const ModelSpec& spec) {
  Shape shape = spec.input;
  double total = shape.size();
  for (const auto& l : spec.layers) {
    if (l.kind == "dense") shape = {l.out, 1, 1};
    else if (l.kind == "conv2d") shape = Conv2d<float>::output_shape(shape, l.out, l.kernel, l.stride, l.padding);
    else if (l.kind == "maxpool" || l.kind == "avgpool") shape = Pool2d<float>::output_shape(shape, l.kernel, l.stride);
    else if (l.kind == "flatten") shape = {shape.size(), 1, 1};
    total += shape.size();
  }
  return total;
}

double workspace_floats(const ModelSpec& spec) {
  Shape shape = spec.input;
  double total = 0;
  for (const auto& l : spec.layers) {
    if (l.kind == "dense") {
      total += static_cast<double>(shape.size()) * l.out;
      shape = {l.out, 1, 1};
    } else if (l.kind == "conv2d") {
      const Shape out = Conv2d<float>::output_shape(shape, l.out, l.kernel, l.stride, l.padding);
      total += 3.0 * shape.channels * l.kernel * l.kernel * out.height * out.width;
      shape = out;
    } else if (l.kind == "maxpool" || l.kind == "avgpool") {
      shape = Pool2d<float>::output_shape(shape, l.kernel, l.stride);
    } else if (l.kind == "flatten") {
      shape = {shape.size(), 1, 1};
    }
  }
  return total;
}

ModelSpec parse_model_spec(SpecObject model, const ModelContract& contract) {
  ModelSpec spec;
  spec.kind = model.string("kind", {"mlp", "linear", "logistic", "cnn"});
  spec.input = contract.input;
  if (spec.kind == "logistic" && contract.loss == LossKind::Mse)
    throw Error(model.path("kind"), "\"logistic\" needs a cross_entropy or binary_cross_entropy loss; use \"linear\" for mse regression");
  if (spec.kind == "cnn") parse_cnn_layers(model, contract, spec);
  else parse_dense_stack(model, contract, spec);
  if (model.has("init")) parse_init(model.object("init"), weight_shapes(spec), spec);

  if (model.has("init_scheme")) {
    if (model.has("init")) throw Error(model.path("init_scheme"), "cannot be combined with explicit \"init\" values");
    parse_init_scheme(model.string("init_scheme", {"pytorch", "kaiming", "xavier", "orthogonal"}), &spec.init_scheme);
  }
  model.finish();
  return spec;
}

}  // namespace optzoo
