// Shared helpers for the C++ tests.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/spec_reader.hpp"

namespace optzoo::testing {

inline std::string source_path(const std::string& relative) { return std::string(OPTZOO_SOURCE_DIR) + "/" + relative; }

inline Json load_json_file(const std::string& relative) {
  std::ifstream in(source_path(relative));
  if (!in) throw Error(relative, "cannot be opened");
  std::stringstream s;
  s << in.rdbuf();
  return Json::parse(s.str());
}

// The message of the Error that f throws, or "" if it throws none.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// A result with its wall-clock times removed: everything else must be reproducible.
inline std::string reproducible_part(OrderedJson result) {
  for (auto& run : result["runs"]) run.erase("wall_time");
  return result.dump();
}

inline double relative_difference(double a, double b) {
  const double scale = std::max({std::abs(a), std::abs(b), 1e-12});
  return std::abs(a - b) / scale;
}

}  // namespace optzoo::testing
