// The "layers" list of a "cnn" model, e.g.
//   [{"type": "conv2d", "filters": 8, "kernel": 5, "stride": 1, "padding": 2}, {"type": "relu"},
//    {"type": "maxpool", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 10}]
// checked layer by layer against the shape flowing through it, as torch would at run time.
#include <nlohmann/json.hpp>

#include "core/limits.hpp"
#include "nn/model_spec.hpp"

namespace optzoo {
namespace {

using limits::kMaxActivations;
using limits::kMaxParams;

std::string shape_text(Shape s) {
  return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

}  // namespace

void parse_cnn_layers(SpecObject& model, const ModelContract& contract, ModelSpec& spec) {
  const std::string list_path = model.path("layers");
  const Json& layers = read_array(model.required("layers"), list_path, 1);
  if (layers.size() > limits::kMaxLayers) throw Error(list_path, "must have at most " + std::to_string(limits::kMaxLayers) + " layers");
  Shape shape = contract.input;
  bool flat = false;  // after "flatten" or "dense" there is no image left to convolve
  double activations = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string lp = index_path(list_path, i);
    SpecObject l(layers[i], lp);
    const std::string type = l.string("type", {"conv2d", "maxpool", "avgpool", "flatten", "dense", "relu", "tanh",
                                               "sigmoid", "gelu", "identity"});
    LayerSpec layer;
    layer.kind = type;
    if ((type == "conv2d" || type == "maxpool" || type == "avgpool") && flat)
      throw Error(lp, "\"" + type + "\" must come before any \"flatten\" or \"dense\" layer");
    if (type == "conv2d") {
      layer.out = l.integer("filters", 1, limits::kMaxFilters);
      layer.kernel = l.integer("kernel", 1, 64);
      layer.stride = l.integer("stride", 1, 64, 1);
      layer.padding = l.integer("padding", 0, 64, 0);
      if (layer.kernel > shape.height + 2 * layer.padding || layer.kernel > shape.width + 2 * layer.padding)
        throw Error(l.path("kernel"), "must fit the padded input (" + shape_text(shape) + " with padding " +
                                          std::to_string(layer.padding) + "), got " + std::to_string(layer.kernel));
      shape = Conv2d<float>::output_shape(shape, layer.out, layer.kernel, layer.stride, layer.padding);
    } else if (type == "maxpool" || type == "avgpool") {
      layer.kernel = l.integer("size", 1, 64);
      layer.stride = l.integer("stride", 1, 64, layer.kernel);
      if (layer.kernel > shape.height || layer.kernel > shape.width)
        throw Error(l.path("size"), "must fit the input (" + shape_text(shape) + "), got " + std::to_string(layer.kernel));
      shape = Pool2d<float>::output_shape(shape, layer.kernel, layer.stride);
    } else if (type == "flatten") {
      shape = {shape.size(), 1, 1};
      flat = true;
    } else if (type == "dense") {
      if (!flat && (shape.height > 1 || shape.width > 1))
        throw Error(lp, "needs flat input, but gets " + shape_text(shape) + ": add {\"type\": \"flatten\"} before it");
      layer.out = l.integer("units", 1, limits::kMaxLayerWidth);
      shape = {layer.out, 1, 1};
      flat = true;
    } else {
      layer.kind = "activation";
      parse_activation(type, &layer.activation);
    }
    l.finish();
    activations += shape.size();
    spec.layers.push_back(layer);
  }
  if (shape.size() != contract.outputs)
    throw Error(index_path(list_path, layers.size() - 1),
                "the last layer must give " + contract.outputs_why + " outputs, got " + std::to_string(shape.size()) +
                    " (" + shape_text(shape) + ")");
  const double params = count_params(spec);
  if (params > kMaxParams) throw Error(list_path, "must give at most 50,000,000 parameters, got " + format_number(params));
  if (activations > kMaxActivations)
    throw Error(list_path, "must keep at most 4,000,000 activations per example, got " + format_number(activations));
}

}  // namespace optzoo
