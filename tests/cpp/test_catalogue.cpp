// The catalogue compiled into the core (cpp/catalogue) and the problem registry
// (cpp/problems/problem_registry.cpp): what the page and the CLI read instead of
// keeping copies of core facts.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "catalogue/catalogue.hpp"
#include "problems/dataset_store.hpp"
#include "problems/problem_registry.hpp"
#include "problems/test_function.hpp"
#include "problems/toy_datasets.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

// Registers web/dist/data/NAME.ozd when it has been built; false when it is absent.
bool register_real_dataset(const std::string& name) {
  if (find_dataset(name)) return true;
  std::ifstream in(source_path("web/dist/data/" + name + ".ozd"), std::ios::binary);
  if (!in) return false;
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  register_dataset(name, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return true;
}

const OrderedJson& problem_entry(const OrderedJson& registry, const std::string& name) {
  for (const auto& p : registry["problems"])
    if (p["name"] == name) return p;
  FAIL("no problem ", name);
  static const OrderedJson none;
  return none;
}

}  // namespace

TEST_CASE("catalogue: the core holds exactly the entries of catalogue/*.json") {
  std::set<std::string> files;
  for (const auto& f : std::filesystem::directory_iterator(source_path("catalogue"))) {
    if (f.path().extension() != ".json") continue;
    const std::string name = f.path().filename().string();
    const std::string id = f.path().stem().string();
    files.insert(id);
    const Json* embedded = find_catalogue_entry(id);
    REQUIRE_MESSAGE(embedded != nullptr, name, " is not in the core: rebuild");
    CHECK_MESSAGE(*embedded == load_json_file("catalogue/" + name), name, " differs from the core's copy: rebuild");
  }
  std::set<std::string> ids;
  for (const auto& e : catalogue()) ids.insert(e["id"].get<std::string>());
  CHECK(ids == files);
  CHECK(ids.size() >= 20);
}

TEST_CASE("catalogue: every entry's specs (each seed and variant) are accepted by the core") {
  int validated = 0, skipped = 0;
  for (const auto& entry : catalogue()) {
    const std::string id = entry["id"].get<std::string>();
    for (const auto& spec : catalogue_entry_specs(entry)) {
      const Json& problem = spec["problem"];
      if (problem["kind"] == "dataset" && !find_toy_generator(problem["name"].get<std::string>()) &&
          !register_real_dataset(problem["name"].get<std::string>())) {
        ++skipped;  // the packed file is not built here
        continue;
      }
      INFO(id, " seed ", spec["seed"].dump());
      CHECK(error_of([&] { Experiment e(spec.dump()); }) == "");
      ++validated;
    }
  }
  MESSAGE(validated << " specs validated, " << skipped << " skipped for want of a packed dataset");
  CHECK(validated >= 40);
}

TEST_CASE("catalogue: an entry's specs apply each seed and each variant's keys") {
  const Json entry = Json::parse(R"({"id": "x", "seeds": [3, 4],
    "variants": [{"name": "a", "batch_size": 8}, {"name": "b", "batch_size": 0}],
    "spec": {"seed": 1, "batch_size": 2, "steps": 5}})");
  const auto specs = catalogue_entry_specs(entry);
  REQUIRE(specs.size() == 4);
  CHECK(specs[0]["seed"] == 3);
  CHECK(specs[0]["batch_size"] == 8);
  CHECK(specs[1]["batch_size"] == 0);
  CHECK(specs[3]["seed"] == 4);
  CHECK_FALSE(specs[0].contains("name"));
  CHECK(catalogue_entry_specs(Json::parse(R"({"spec": {"seed": 7}})"))[0]["seed"] == 7);
}

TEST_CASE("problem registry: every toy set, real dataset and test function is listed with its facts") {
  const OrderedJson r = problems_to_json();
  std::set<std::string> names;
  for (const auto& p : r["problems"]) {
    INFO(p.dump());
    names.insert(p["name"].get<std::string>());
    CHECK(!p["label"].get<std::string>().empty());
    CHECK(std::set<std::string>{"toy", "image", "function"}.count(p["family"].get<std::string>()) == 1);
  }
  for (const auto& g : toy_generators()) CHECK(names.count(g.name) == 1);
  for (const auto& f : test_functions()) CHECK(names.count(f.name) == 1);
  for (const auto& n : real_dataset_names()) CHECK(names.count(n) == 1);

  const OrderedJson& spiral = problem_entry(r, "spiral");
  CHECK(spiral["inputs"] == 2);
  CHECK(spiral["classes"] == 3);
  CHECK(spiral["options"]["size"]["default"] == 400);
  CHECK(spiral["options"]["noise"]["default"] == 0.2);
  CHECK(problem_entry(r, "xor")["options"].contains("classes") == false);  // XOR has two classes only
  CHECK(problem_entry(r, "regression1d")["task"] == "regression");

  const OrderedJson& fashion = problem_entry(r, "fashion-mnist");
  CHECK(fashion["class_names"].size() == 10);
  CHECK(fashion["class_names"][9] == "Boot");
  CHECK(fashion["data"] == "fashion-mnist.ozd");

  const OrderedJson& quadratic = problem_entry(r, "quadratic");
  CHECK(quadratic["dim"] == 2);
  CHECK(quadratic["options"]["condition"]["default"] == 10.0);
  CHECK(quadratic["options"]["spacing"]["one_of"] == OrderedJson::array({"log", "linear"}));
  CHECK(quadratic["options"].contains("start"));
  CHECK(quadratic["options"].contains("gradient_noise"));
  CHECK(problem_entry(r, "rosenbrock")["bounds"].size() == 4);
}

TEST_CASE("problem registry: every option's listed default is one the core accepts") {
  const OrderedJson r = problems_to_json();
  int tried = 0;
  for (const auto& p : r["problems"]) {
    if (p.contains("data")) continue;  // a real dataset's options need its file
    for (const auto& [key, option] : p["options"].items()) {
      if (!option.contains("default")) continue;
      Json spec = {{"problem", {{"kind", p["kind"]}, {"name", p["name"]}, {key, Json::parse(option["default"].dump())}}},
                   {"steps", 0},
                   {"runs", {{{"optimizer", "sgd"}}}}};
      if (p["family"] != "function") spec["model"] = {{"kind", p["task"] == "regression" ? "linear" : "logistic"}};
      INFO(spec.dump());
      CHECK(error_of([&] { Experiment e(spec); }) == "");
      ++tried;
    }
  }
  CHECK(tried >= 20);
}

TEST_CASE("problem registry: schedules list their options, required ones marked") {
  const OrderedJson r = problems_to_json();
  std::set<std::string> kinds;
  for (const auto& s : r["schedules"]) {
    kinds.insert(s["kind"].get<std::string>());
    if (s["kind"] == "step") {
      CHECK(s["options"]["step_size"]["required"] == true);
      CHECK(s["options"]["gamma"]["default"] == 0.1);
    }
    if (s["kind"] == "cosine") CHECK(s["options"]["min_scale"]["default"] == 0.0);
  }
  CHECK(kinds.count("cosine") == 1);
  CHECK(kinds.count("cyclic") == 1);
  CHECK(kinds.size() >= 9);
  CHECK(r["features"]["budget"] == true);
}

TEST_CASE("model.hidden: an MLP given only its hidden widths takes its ends from the data") {
  const std::string base = R"({"problem": {"kind": "dataset", "name": "spiral"}, "steps": 1, "runs": [{"optimizer": "sgd"}],
                               "model": )";
  Experiment e(base + R"({"kind": "mlp", "hidden": [5, 4], "activation": "tanh"}})");
  CHECK(e.problem().dim() == (2 * 5 + 5) + (5 * 4 + 4) + (4 * 3 + 3));
  CHECK(error_of([&] { Experiment x(base + R"({"kind": "mlp", "hidden": [5], "sizes": [2, 5, 3]}})"); }) ==
        "model.hidden: must not be given together with sizes (give one)");
  CHECK(error_of([&] { Experiment x(base + R"({"kind": "mlp", "hidden": [0]}})"); }).find("model.hidden[0]") == 0);
}
