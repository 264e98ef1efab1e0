#include <nlohmann/json.hpp>

#include "optim/hyperparams.hpp"

#include <algorithm>
#include <cmath>

namespace optzoo {

HyperparamSpec number(std::string name, double fallback, Range range, std::string doc, bool log_scale) {
  return {std::move(name), HyperType::Number, {fallback}, range, std::move(doc), log_scale, {}, {}, {}};
}
HyperparamSpec integer(std::string name, double fallback, Range range, std::string doc) {
  return {std::move(name), HyperType::Integer, {fallback}, range, std::move(doc), false, {}, {}, {}};
}
HyperparamSpec boolean(std::string name, bool fallback, std::string doc) {
  return {std::move(name), HyperType::Bool, {fallback ? 1.0 : 0.0}, any_finite(), std::move(doc), false, {}, {}, {}};
}
HyperparamSpec pair(std::string name, double a, double b, Range range, std::string doc) {
  return {std::move(name), HyperType::Pair, {a, b}, range, std::move(doc), false, {}, {}, {}};
}

HyperparamSpec choice(std::string name, std::vector<std::string> choices, std::string fallback, std::string doc) {
  const auto it = std::find(choices.begin(), choices.end(), fallback);
  HyperparamSpec s{std::move(name), HyperType::Choice, {static_cast<double>(it - choices.begin())}, any_finite(),
                   std::move(doc), false, {}, {}, {}};
  s.choices = std::move(choices);
  return s;
}

HyperparamSpec spec_param(std::string name, std::string fallback_json, std::string doc,
                          std::function<void(const Json&, const std::string&)> validate) {
  HyperparamSpec s{std::move(name), HyperType::Spec, {}, any_finite(), std::move(doc), false, {}, {}, {}};
  s.fallback_spec = std::move(fallback_json);
  s.validate = std::move(validate);
  return s;
}

const std::string& Hyperparams::spec(const std::string& name) const {
  const auto it = specs_.find(name);
  if (it == specs_.end()) throw Error(name, "is not a nested-spec hyperparameter (internal error)");
  return it->second;
}

double Hyperparams::num(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw Error(name, "is not a hyperparameter of this optimizer (internal error)");
  return it->second.at(0);
}

std::pair<double, double> Hyperparams::pair(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->second.size() != 2) throw Error(name, "is not a pair hyperparameter (internal error)");
  return {it->second[0], it->second[1]};
}

namespace {
void read_one(const HyperparamSpec& s, SpecObject& run, Hyperparams& h) {
  const Json* v = run.optional(s.name);
  const std::string path = run.path(s.name);
  if (s.type == HyperType::Spec) {
    const Json value = v ? *v : Json::parse(s.fallback_spec);
    if (!value.is_object()) throw Error(path, "must be an object, got " + describe_type(value));
    s.validate(value, path);
    h.set_spec(s.name, value.dump());
    return;
  }
  if (!v) {
    h.set(s.name, s.fallback);
    return;
  }
  switch (s.type) {
    case HyperType::Number: h.set(s.name, {read_number(*v, path, s.range)}); break;
    case HyperType::Integer: {
      const double x = read_number(*v, path, s.range);
      if (x != std::floor(x)) throw Error(path, "must be a whole number, got " + format_number(x));
      h.set(s.name, {x});
      break;
    }
    case HyperType::Bool:
      if (!v->is_boolean()) throw Error(path, "must be true or false, got " + describe_type(*v));
      h.set(s.name, {v->get<bool>() ? 1.0 : 0.0});
      break;
    case HyperType::Pair: {
      if (!v->is_array() || v->size() != 2) throw Error(path, "must be a list of two numbers, e.g. [" +
                                                                  format_number(s.fallback[0]) + ", " +
                                                                  format_number(s.fallback[1]) + "]");
      h.set(s.name, {read_number((*v)[0], index_path(path, 0), s.range), read_number((*v)[1], index_path(path, 1), s.range)});
      break;
    }
    case HyperType::Choice: {
      const auto it = v->is_string() ? std::find(s.choices.begin(), s.choices.end(), v->get<std::string>()) : s.choices.end();
      if (it == s.choices.end()) {
        std::string options;
        for (const auto& c : s.choices) options += (options.empty() ? "\"" : ", \"") + c + "\"";
        throw Error(path, "must be one of " + options + ", got " + (v->is_string() ? "\"" + v->get<std::string>() + "\"" : describe_type(*v)));
      }
      h.set(s.name, {static_cast<double>(it - s.choices.begin())});
      break;
    }
    case HyperType::Spec: break;  // handled above
  }
}
}  // namespace

Hyperparams read_hyperparams(const std::vector<HyperparamSpec>& schema, SpecObject& run) {
  // Each hyperparameter is its own check: with a sink, every bad one is reported.
  Hyperparams h;
  for (const auto& s : schema) {
    if (run.sink()) run.sink()->check([&] { read_one(s, run, h); });
    else read_one(s, run, h);
  }
  return h;
}

Hyperparams default_hyperparams(const std::vector<HyperparamSpec>& schema) {
  Hyperparams h;
  for (const auto& s : schema) {
    if (s.type == HyperType::Spec) h.set_spec(s.name, s.fallback_spec);
    else h.set(s.name, s.fallback);
  }
  return h;
}

namespace {
Json range_json(const Range& r) {
  Json j = Json::object();
  if (std::isfinite(r.lo)) j[r.lo_open ? "gt" : "min"] = r.lo;
  if (std::isfinite(r.hi)) j[r.hi_open ? "lt" : "max"] = r.hi;
  j["rule"] = r.rule();
  return j;
}
}  // namespace

Json schema_to_json(const std::vector<HyperparamSpec>& schema) {
  Json out = Json::array();
  for (const auto& s : schema) {
    Json j;
    j["name"] = s.name;
    j["doc"] = s.doc;
    switch (s.type) {
      case HyperType::Number: j["type"] = "number"; j["default"] = s.fallback[0]; j["range"] = range_json(s.range); break;
      case HyperType::Integer: j["type"] = "integer"; j["default"] = s.fallback[0]; j["range"] = range_json(s.range); break;
      case HyperType::Bool: j["type"] = "boolean"; j["default"] = s.fallback[0] != 0.0; break;
      case HyperType::Pair: j["type"] = "pair"; j["default"] = s.fallback; j["range"] = range_json(s.range); break;
      case HyperType::Choice: j["type"] = "choice"; j["default"] = s.choices.at(static_cast<std::size_t>(s.fallback[0])); j["choices"] = s.choices; break;
      case HyperType::Spec: j["type"] = "optimizer"; j["default"] = Json::parse(s.fallback_spec); break;
    }
    if (s.log_scale) j["log_scale"] = true;
    out.push_back(j);
  }
  return out;
}

}  // namespace optzoo
