// problem.kind "csv": the user's own table. A header row names the columns; one
// column, chosen by name, is the label ("label", classification) or the target
// ("target", regression); every other column is a numeric feature. Every bad cell is
// an error naming its line and column: no row is dropped silently.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

#include "core/limits.hpp"
#include "problems/csv_reader.hpp"
#include "problems/problem_factory.hpp"

namespace optzoo {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A finite decimal number filling the whole cell, or false.
bool parse_number(const std::string& cell, double* out) {
  const std::string s = trim(cell);
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(*out);
}

}  // namespace

std::unique_ptr<Problem> make_csv_problem(SpecObject& spec, SpecObject& problem, uint64_t seed) {
  if (problem.has("path"))
    throw Error(problem.path("path"), "cannot be read here: pass the file's contents as problem.text (the CLI does this)");
  const Json& text_json = problem.required("text");
  if (!text_json.is_string()) throw Error(problem.path("text"), "must be a string (the CSV file's contents)");
  const std::string where = problem.path("text");
  const bool has_label = problem.has("label"), has_target = problem.has("target");
  if (has_label == has_target)
    throw Error(problem.path(has_label ? "target" : "label"),
                has_label ? "must not be given with \"label\": choose one column to predict"
                          : "is required (or \"target\" for regression): the name of the column to predict");
  const std::string column = problem.string(has_label ? "label" : "target", {});
  const std::string task = problem.string("task", {"classification", "regression"}, has_label ? "classification" : "regression");
  if ((task == "classification") != has_label)
    throw Error(problem.path("task"), has_label ? "must be \"classification\" with a \"label\" column (use \"target\" for regression)"
                                                : "must be \"regression\" with a \"target\" column (use \"label\" for classification)");
  const int declared_classes = problem.has("num_classes") ? problem.integer("num_classes", 1, 65536) : 0;
  const double test_fraction = problem.number("test_fraction", closed(0, 0.9), 0.0);

  const auto rows = parse_csv(text_json.get<std::string>(), where);
  if (rows.empty()) throw Error(where, "is empty: expected a header row and at least one data row");
  const auto& header = rows[0].fields;
  int target_col = -1;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string name = trim(header[c]);
    if (name.empty()) throw Error(where + ": line 1", "column " + std::to_string(c + 1) + " has no name in the header");
    for (std::size_t k = 0; k < c; ++k)
      if (trim(header[k]) == name) throw Error(where + ": line 1", "column name \"" + name + "\" is used twice");
    if (name == column) target_col = static_cast<int>(c);
  }
  if (target_col < 0) throw Error(problem.path(has_label ? "label" : "target"), "names no column of the header: \"" + column + "\"");
  if (rows.size() - 1 > static_cast<std::size_t>(limits::kMaxExamples))
    throw Error(where, "must have at most 1,000,000 data rows, got " + std::to_string(rows.size() - 1));
  if (header.size() < 2) throw Error(where + ": line 1", "needs at least one feature column besides \"" + column + "\"");
  if (rows.size() < 2) throw Error(where, "has a header but no data rows");

  Dataset full;
  full.task = has_label ? Task::Classification : Task::Regression;
  full.features = static_cast<int>(header.size()) - 1;
  full.shape = {full.features, 1, 1};
  full.target_dim = has_label ? 0 : 1;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& rec = rows[r];
    const std::string at = where + ": line " + std::to_string(rec.line);
    if (rec.fields.size() != header.size())
      throw Error(at, "has " + std::to_string(rec.fields.size()) + " fields, the header has " + std::to_string(header.size()));
    for (std::size_t c = 0; c < rec.fields.size(); ++c) {
      const std::string col = "column " + std::to_string(c + 1) + " (\"" + trim(header[c]) + "\")";
      double v;
      if (!parse_number(rec.fields[c], &v))
        throw Error(at, col + " must be a finite number, got \"" + rec.fields[c] + "\"");
      if (static_cast<int>(c) != target_col) {
        full.x.push_back(static_cast<float>(v));
      } else if (has_label) {
        if (v != std::floor(v) || v < 0 || v > 65535)
          throw Error(at, col + " must be a class number 0, 1, 2, ..., got \"" + trim(rec.fields[c]) + "\"");
        if (declared_classes && v >= declared_classes)
          throw Error(at, col + ": label " + trim(rec.fields[c]) + " is out of range for num_classes " +
                              std::to_string(declared_classes) + " (labels are 0 to " + std::to_string(declared_classes - 1) + ")");
        full.labels.push_back(static_cast<int32_t>(v));
        full.num_classes = std::max(full.num_classes, static_cast<int>(v) + 1);
      } else {
        full.targets.push_back(static_cast<float>(v));
      }
    }
    ++full.n;
  }
  if (declared_classes) full.num_classes = declared_classes;
  if (has_label && full.num_classes < 2)
    throw Error(problem.path("label"), "column \"" + column + "\" holds a single class: classification needs at least 2");
  problem.finish();

  std::shared_ptr<Dataset> train, test;
  if (test_fraction > 0) {
    split_dataset(full, test_fraction, Rng(seed).fork(rng_streams::kSplit), &train, &test);
  } else {
    train = std::make_shared<Dataset>(std::move(full));
  }
  auto out = make_network_problem(spec, train, test);
  out->set_source("csv", column);
  return out;
}

}  // namespace optzoo
