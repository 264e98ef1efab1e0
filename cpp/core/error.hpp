// Errors that reach a user. Every message names where the problem is and the rule
// that was broken, e.g. "runs[0].lr: must be a finite number > 0".
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace optzoo {

class Error : public std::runtime_error {
 public:
  Error(const std::string& where, const std::string& rule)
      : std::runtime_error(where.empty() ? rule : where + ": " + rule) {}
};

// Every rule a spec broke, each "path: rule"; what() is them all, one per line.
class SpecErrors : public Error {
 public:
  explicit SpecErrors(std::vector<std::string> violations)
      : Error("", join(violations)), violations_(std::move(violations)) {}
  const std::vector<std::string>& violations() const { return violations_; }

 private:
  static std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
  }
  std::vector<std::string> violations_;
};

}  // namespace optzoo
