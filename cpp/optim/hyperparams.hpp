// Hyperparameter schemas: names, defaults and ranges as PyTorch has them, with a
// line of documentation each. The UI builds its controls from the same schema that
// validation uses.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/spec_reader.hpp"

namespace optzoo {

// Spec: a nested JSON object (lookahead's inner optimizer), checked by `validate`.
enum class HyperType { Number, Integer, Bool, Pair, Choice, Spec };

struct HyperparamSpec {
  std::string name;
  HyperType type;
  std::vector<double> fallback;  // default: one value, two for a pair, 0/1 for a bool
  Range range;                   // for numbers and each element of a pair
  std::string doc;
  bool log_scale = false;        // a hint for UI sliders
  std::vector<std::string> choices;  // Choice: the allowed strings; the value is an index
  std::string fallback_spec;         // Spec: the default, as JSON text
  std::function<void(const Json&, const std::string& path)> validate;  // Spec only
};

HyperparamSpec number(std::string name, double fallback, Range range, std::string doc, bool log_scale = false);
HyperparamSpec integer(std::string name, double fallback, Range range, std::string doc);
HyperparamSpec boolean(std::string name, bool fallback, std::string doc);
HyperparamSpec pair(std::string name, double a, double b, Range range, std::string doc);
// One of a few named options, e.g. fitness shaping "none" | "rank" | "zscore".
HyperparamSpec choice(std::string name, std::vector<std::string> choices, std::string fallback, std::string doc);
HyperparamSpec spec_param(std::string name, std::string fallback_json, std::string doc,
                          std::function<void(const Json&, const std::string&)> validate);

// Validated values, every hyperparameter present (defaults filled in).
class Hyperparams {
 public:
  double num(const std::string& name) const;
  bool flag(const std::string& name) const { return num(name) != 0.0; }
  std::pair<double, double> pair(const std::string& name) const;
  // A Choice's index into its choices.
  int option(const std::string& name) const { return static_cast<int>(num(name)); }
  void set(const std::string& name, std::vector<double> v) { values_[name] = std::move(v); }
  bool has(const std::string& name) const { return values_.count(name) != 0 || specs_.count(name) != 0; }
  // A Spec hyperparameter as JSON text (validated when read).
  const std::string& spec(const std::string& name) const;
  void set_spec(const std::string& name, std::string json) { specs_[name] = std::move(json); }
  const std::map<std::string, std::vector<double>>& values() const { return values_; }

 private:
  std::map<std::string, std::vector<double>> values_;
  std::map<std::string, std::string> specs_;
};

// Reads each schema key from `run` (marking it used) and checks its type and range.
Hyperparams read_hyperparams(const std::vector<HyperparamSpec>& schema, SpecObject& run);
Hyperparams default_hyperparams(const std::vector<HyperparamSpec>& schema);

Json schema_to_json(const std::vector<HyperparamSpec>& schema);

}  // namespace optzoo
