#include <cmath>

#include <nlohmann/json.hpp>

#include "core/limits.hpp"
#include "problems/problem_factory.hpp"

namespace optzoo {

std::shared_ptr<Dataset> parse_inline_data(SpecObject& problem) {
  auto data = std::make_shared<Dataset>();
  const std::string task = problem.string("task", {"classification", "regression"}, "classification");
  data->task = task == "classification" ? Task::Classification : Task::Regression;

  const Json& x = read_array(problem.required("x"), problem.path("x"), 1);
  if (x.size() > static_cast<std::size_t>(limits::kMaxExamples)) throw Error(problem.path("x"), "must have at most 1,000,000 rows");
  data->n = static_cast<int>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::string rp = index_path(problem.path("x"), i);
    const Json& row = read_array(x[i], rp, 1);
    if (i == 0) data->features = static_cast<int>(row.size());
    if (static_cast<int>(row.size()) != data->features)
      throw Error(rp, "must have " + std::to_string(data->features) + " features like x[0], got " + std::to_string(row.size()));
    for (std::size_t c = 0; c < row.size(); ++c)
      data->x.push_back(static_cast<float>(read_number(row[c], index_path(rp, c), any_finite())));
  }
  data->shape = {data->features, 1, 1};

  const Json& y = read_array(problem.required("y"), problem.path("y"));
  if (y.size() != x.size())
    throw Error(problem.path("y"), "must have one entry per row of x (" + std::to_string(x.size()) + "), got " + std::to_string(y.size()));
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::string ep = index_path(problem.path("y"), i);
    if (data->task == Task::Classification) {
      const int label = read_integer(y[i], ep, 0, 65535);
      data->labels.push_back(label);
      data->num_classes = std::max(data->num_classes, label + 1);
    } else if (y[i].is_array()) {
      if (i == 0) data->target_dim = static_cast<int>(y[i].size());
      if (static_cast<int>(y[i].size()) != data->target_dim || data->target_dim == 0)
        throw Error(ep, "must have " + std::to_string(std::max(data->target_dim, 1)) + " targets like y[0], got " +
                            std::to_string(y[i].size()));
      for (std::size_t c = 0; c < y[i].size(); ++c)
        data->targets.push_back(static_cast<float>(read_number(y[i][c], index_path(ep, c), any_finite())));
    } else {
      if (i == 0) data->target_dim = 1;
      if (data->target_dim != 1) throw Error(ep, "must be a list of " + std::to_string(data->target_dim) + " targets like y[0]");
      data->targets.push_back(static_cast<float>(read_number(y[i], ep, any_finite())));
    }
  }
  if (data->task == Task::Classification && problem.has("num_classes")) {
    const int declared = problem.integer("num_classes", 1, 65536);
    if (declared < data->num_classes)
      throw Error(problem.path("num_classes"), "must be greater than every label in y (largest is " +
                                                   std::to_string(data->num_classes - 1) + ")");
    data->num_classes = declared;
  }
  return data;
}

}  // namespace optzoo
