// Reading a JSON spec with errors that name the field path and the rule, e.g.
//   runs[0].lr: must be a finite number > 0
// Every object is read through SpecObject, which remembers which keys were used,
// so finish() can reject unknown keys instead of silently ignoring them.
#pragma once
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"

namespace optzoo {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;  // for output: keys stay in the order written

// Parses text as JSON; a syntax error becomes an Error naming line and column.
Json parse_json(const std::string& text, const std::string& what = "spec");

std::string describe_type(const Json& j);
std::string format_number(double v);

struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;
  bool contains(double v) const;
  std::string rule() const;  // "must be a finite number > 0", "... in [0, 1)"
};
inline Range at_least(double lo) { return {lo, std::numeric_limits<double>::infinity(), false, false}; }
inline Range above(double lo) { return {lo, std::numeric_limits<double>::infinity(), true, false}; }
inline Range closed(double lo, double hi) { return {lo, hi, false, false}; }
inline Range half_open(double lo, double hi) { return {lo, hi, false, true}; }
inline Range any_finite() { return {}; }

std::string join_path(const std::string& parent, const std::string& key);
std::string index_path(const std::string& parent, std::size_t i);

// A finite number at `path` in range, else an Error.
double read_number(const Json& j, const std::string& path, const Range& range);
int read_integer(const Json& j, const std::string& path, long lo, long hi);
const Json& read_array(const Json& j, const std::string& path, std::size_t min_size = 0);

// Collects every rule a spec breaks, so that the user sees them all at once rather
// than one per attempt. check() runs one independent part of the reading and keeps
// its error; SpecErrors (a part that collected several) adds each.
class Violations {
 public:
  template <class F>
  bool check(F&& f) {
    try {
      f();
      return true;
    } catch (const SpecErrors& e) {
      for (const auto& v : e.violations()) add(v);
    } catch (const Error& e) {
      add(e.what());
    }
    return false;
  }
  void add(const std::string& violation);
  std::size_t size() const { return list_.size(); }
  bool empty() const { return list_.empty(); }
  const std::vector<std::string>& list() const { return list_; }
  // Throws SpecErrors listing every violation, if there is any.
  void throw_if_any() const;

 private:
  std::vector<std::string> list_;
};

// While one is alive, every key read from the object at `path` is noted, as
// {"required": true}, {"default": the value the core falls back to, "one_of": [the
// strings allowed]} or {} (optional, no default): this is how the problem registry lists each problem's options without
// keeping a second copy of them (problem_registry.cpp). One at a time (the core is
// single-threaded).
class OptionRecorder {
 public:
  explicit OptionRecorder(std::string path);
  ~OptionRecorder();
  OptionRecorder(const OptionRecorder&) = delete;
  OptionRecorder& operator=(const OptionRecorder&) = delete;
  // {key: description}, keys in the order first read.
  const OrderedJson& options() const { return *options_; }
  // The last key noted as required (the one a spec lacked when reading stopped).
  const std::string& last_required() const { return last_required_; }
  // Whether keys read from object_path are being noted (callers skip building the
  // description otherwise).
  static bool recording(const std::string& object_path);
  static void note(const std::string& object_path, const std::string& key, const OrderedJson& description);
  static void note_required(const std::string& object_path, const std::string& key);

 private:
  std::string path_;
  std::unique_ptr<OrderedJson> options_;
  std::string last_required_;
};

class SpecObject {
 public:
  // With a sink, finish() reports every unknown key there instead of throwing at the
  // first, and objects read from this one share the sink.
  SpecObject(const Json& j, std::string path, Violations* sink = nullptr);
  Violations* sink() const { return sink_; }
  // Marks keys as read without reading them (their part of the spec was skipped
  // after an error, so they must not be reported as unknown).
  void touch(const std::vector<std::string>& keys);

  const std::string& path() const { return path_; }
  std::string path(const std::string& key) const { return join_path(path_, key); }
  bool has(const std::string& key) const;

  const Json& required(const std::string& key);
  const Json* optional(const std::string& key);

  double number(const std::string& key, const Range& range);
  double number(const std::string& key, const Range& range, double fallback);
  int integer(const std::string& key, long lo, long hi);
  int integer(const std::string& key, long lo, long hi, int fallback);
  bool boolean(const std::string& key, bool fallback);
  std::string string(const std::string& key, const std::vector<std::string>& allowed);
  std::string string(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback);
  SpecObject object(const std::string& key);

  // Rejects any key that was not read.
  void finish() const;

 private:
  const Json& j_;
  std::string path_;
  std::set<std::string> used_;
  Violations* sink_ = nullptr;
};

}  // namespace optzoo
