#include "problems/problem_registry.hpp"

#include <nlohmann/json.hpp>

#include "optim/schedule.hpp"
#include "problems/dataset_store.hpp"
#include "problems/problem_factory.hpp"
#include "problems/test_function.hpp"
#include "problems/toy_datasets.hpp"

namespace optzoo {
namespace {

// The options noted, without the keys that say what the object is.
OrderedJson recorded(const OptionRecorder& r) {
  OrderedJson out = r.options();
  out.erase("kind");
  out.erase("name");
  return out;
}

// A schedule's options. Reading stops at the first required key missing, so each one
// it stops at gets a value every schedule accepts (1, else 0.5) and reading starts over.
OrderedJson schedule_options(const std::string& kind) {
  Json j = {{"kind", kind}};
  OptionRecorder recorder("schedule");
  for (;;) {
    try {
      read_schedule(j, "schedule", 100);
      return recorded(recorder);
    } catch (const Error&) {
      const std::string& key = recorder.last_required();
      if (key.empty() || (j.contains(key) && j[key] != 1)) throw;
      j[key] = j.contains(key) ? 0.5 : 1.0;
    }
  }
}

// Builds the problem from its smallest spec, so that the labels, sizes and option
// defaults listed are the ones the core really uses.
OrderedJson describe(const Json& problem, const std::string& model_kind, const char* label, const char* family) {
  Json spec = {{"problem", problem}};
  if (!model_kind.empty()) spec["model"] = {{"kind", model_kind}};
  OptionRecorder recorder("problem");
  SpecObject s(spec, "");
  const ProblemInfo info = make_problem(s, 0)->info();
  OrderedJson e;
  e["kind"] = problem["kind"];
  e["name"] = problem["name"];
  e["label"] = label ? label : problem["name"].get<std::string>();
  e["family"] = family;
  e["task"] = info.task;
  if (info.task == "function") {
    e["dim"] = info.channels;
    if (info.two_d) e["bounds"] = {info.bounds[0], info.bounds[1], info.bounds[2], info.bounds[3]};
  } else {
    e["inputs"] = info.channels * info.height * info.width;
    e["classes"] = info.classes;
  }
  e["options"] = recorded(recorder);
  return e;
}

}  // namespace

OrderedJson problems_to_json() {
  OrderedJson problems = OrderedJson::array();
  for (const auto& g : toy_generators())
    problems.push_back(describe({{"kind", "dataset"}, {"name", g.name}}, g.task == Task::Regression ? "linear" : "logistic",
                                g.label, "toy"));
  // A real dataset's file is loaded on demand, so its entry comes from the table, and
  // `data` names the packed file a host fetches (web/dist/data/NAME.ozd).
  for (const auto& d : real_datasets()) {
    OrderedJson e;
    e["kind"] = "dataset";
    e["name"] = d.name;
    e["label"] = d.label;
    e["family"] = "image";
    e["task"] = "classification";
    e["inputs"] = d.rows * d.cols * d.channels;
    e["classes"] = d.class_names.size();
    e["image"] = {d.channels, d.rows, d.cols};
    e["class_names"] = d.class_names;
    e["data"] = std::string(d.name) + ".ozd";
    problems.push_back(e);
  }
  for (const auto& f : test_functions())
    problems.push_back(describe({{"kind", "function"}, {"name", f.name}}, "", f.label, "function"));

  OrderedJson schedules = OrderedJson::array();
  for (const auto& kind : schedule_kinds()) schedules.push_back({{"kind", kind}, {"options", schedule_options(kind)}});
  OrderedJson out;
  out["problems"] = problems;
  out["schedules"] = schedules;
  // Spec features a host may offer: every kind of problem, and a compute budget.
  out["features"] = {{"problem_kinds", {"dataset", "function", "inline", "csv"}}, {"budget", true}};
  return out;
}

}  // namespace optzoo
