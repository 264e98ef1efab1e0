// Errors that reach a user. Every message names where the problem is and the rule
// that was broken, e.g. "runs[0].lr: must be a finite number > 0".
#pragma once
#include <stdexcept>
#include <string>

namespace optzoo {

class Error : public std::runtime_error {
 public:
  Error(const std::string& where, const std::string& rule)
      : std::runtime_error(where.empty() ? rule : where + ": " + rule) {}
};

}  // namespace optzoo
