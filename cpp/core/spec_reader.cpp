#include "core/spec_reader.hpp"

#include <nlohmann/json.hpp>

#include "core/limits.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace optzoo {

Json parse_json(const std::string& text, const std::string& what) {
  if (text.size() > limits::kMaxSpecBytes)
    throw Error(what, "must be at most 32 MiB of JSON, got " + format_number(text.size() / 1048576.0) + " MiB");
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    // nlohmann's message carries the line and column; drop its "[json.exception...]" prefix.
    std::string msg = e.what();
    const auto cut = msg.find("] ");
    if (cut != std::string::npos) msg = msg.substr(cut + 2);
    throw Error(what, "is not valid JSON (" + msg + ")");
  }
}

std::string describe_type(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a number";
  }
}

// "%g" is what `std::ostream << double` writes by default (precision 6); snprintf
// keeps iostreams and their locale machinery (about a tenth of the module) out of the wasm.
std::string format_number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

bool Range::contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Range::rule() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi)
    return "must be a finite number in " + std::string(lo_open ? "(" : "[") + format_number(lo) + ", " +
           format_number(hi) + (hi_open ? ")" : "]");
  if (has_lo) return "must be a finite number " + std::string(lo_open ? "> " : ">= ") + format_number(lo);
  if (has_hi) return "must be a finite number " + std::string(hi_open ? "< " : "<= ") + format_number(hi);
  return "must be a finite number";
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t i) { return parent + "[" + std::to_string(i) + "]"; }

double read_number(const Json& j, const std::string& path, const Range& range) {
  if (!j.is_number()) throw Error(path, range.rule() + ", got " + describe_type(j));
  const double v = j.get<double>();
  if (!std::isfinite(v) || !range.contains(v)) throw Error(path, range.rule() + ", got " + format_number(v));
  return v;
}

int read_integer(const Json& j, const std::string& path, long lo, long hi) {
  const std::string rule = "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!j.is_number()) throw Error(path, rule + ", got " + describe_type(j));
  const double v = j.get<double>();
  if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > hi) throw Error(path, rule + ", got " + format_number(v));
  return static_cast<int>(v);
}

const Json& read_array(const Json& j, const std::string& path, std::size_t min_size) {
  if (!j.is_array()) throw Error(path, "must be an array, got " + describe_type(j));
  if (j.size() < min_size)
    throw Error(path, "must have at least " + std::to_string(min_size) + " element" + (min_size == 1 ? "" : "s"));
  return j;
}

bool SpecObject::has(const std::string& key) const { return j_.contains(key); }

void Violations::add(const std::string& violation) {
  if (std::find(list_.begin(), list_.end(), violation) == list_.end()) list_.push_back(violation);
}

void Violations::throw_if_any() const {
  if (!list_.empty()) throw SpecErrors(list_);
}

void SpecObject::touch(const std::vector<std::string>& keys) {
  for (const auto& k : keys) used_.insert(k);
}

SpecObject::SpecObject(const Json& j, std::string path, Violations* sink) : j_(j), path_(std::move(path)), sink_(sink) {
  if (!j.is_object()) throw Error(path_.empty() ? "spec" : path_, "must be an object, got " + describe_type(j));
}

const Json& SpecObject::required(const std::string& key) {
  OptionRecorder::note_required(path_, key);
  if (!j_.contains(key)) throw Error(path(key), "is required");
  used_.insert(key);
  return j_.at(key);
}

namespace {
OptionRecorder* active_recorder = nullptr;
}  // namespace

OptionRecorder::OptionRecorder(std::string path)
    : path_(std::move(path)), options_(std::make_unique<OrderedJson>(OrderedJson::object())) {
  if (active_recorder) throw Error("OptionRecorder", "one is already recording");
  active_recorder = this;
}

OptionRecorder::~OptionRecorder() { active_recorder = nullptr; }

bool OptionRecorder::recording(const std::string& object_path) {
  return active_recorder && active_recorder->path_ == object_path;
}

void OptionRecorder::note(const std::string& object_path, const std::string& key, const OrderedJson& description) {
  OptionRecorder* r = active_recorder;
  if (!r || object_path != r->path_) return;
  OrderedJson& slot = (*r->options_)[key];
  if (!slot.contains("required")) slot = description;  // a required key stays required
}

void OptionRecorder::note_required(const std::string& object_path, const std::string& key) {
  OptionRecorder* r = active_recorder;
  if (!r || object_path != r->path_) return;
  (*r->options_)[key] = {{"required", true}};
  r->last_required_ = key;
}

const Json* SpecObject::optional(const std::string& key) {
  if (OptionRecorder::recording(path_)) OptionRecorder::note(path_, key, OrderedJson::object());
  if (!j_.contains(key)) return nullptr;
  used_.insert(key);
  return &j_.at(key);
}

double SpecObject::number(const std::string& key, const Range& range) { return read_number(required(key), path(key), range); }

double SpecObject::number(const std::string& key, const Range& range, double fallback) {
  const Json* v = optional(key);
  if (OptionRecorder::recording(path_)) OptionRecorder::note(path_, key, {{"default", fallback}});
  return v ? read_number(*v, path(key), range) : fallback;
}

int SpecObject::integer(const std::string& key, long lo, long hi) { return read_integer(required(key), path(key), lo, hi); }

int SpecObject::integer(const std::string& key, long lo, long hi, int fallback) {
  const Json* v = optional(key);
  if (OptionRecorder::recording(path_)) OptionRecorder::note(path_, key, {{"default", fallback}});
  return v ? read_integer(*v, path(key), lo, hi) : fallback;
}

bool SpecObject::boolean(const std::string& key, bool fallback) {
  const Json* v = optional(key);
  if (OptionRecorder::recording(path_)) OptionRecorder::note(path_, key, {{"default", fallback}});
  if (!v) return fallback;
  if (!v->is_boolean()) throw Error(path(key), "must be true or false, got " + describe_type(*v));
  return v->get<bool>();
}

namespace {
std::string one_of(const std::vector<std::string>& allowed) {
  std::string s;
  for (std::size_t i = 0; i < allowed.size(); ++i) s += (i ? ", " : "") + ("\"" + allowed[i] + "\"");
  return "must be one of " + s;
}

std::string read_string(const Json& v, const std::string& path, const std::vector<std::string>& allowed) {
  if (!v.is_string()) throw Error(path, (allowed.empty() ? "must be a string" : one_of(allowed)) + ", got " + describe_type(v));
  const std::string s = v.get<std::string>();
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end())
    throw Error(path, one_of(allowed) + ", got \"" + s + "\"");
  return s;
}
}  // namespace

std::string SpecObject::string(const std::string& key, const std::vector<std::string>& allowed) {
  return read_string(required(key), path(key), allowed);
}

std::string SpecObject::string(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback) {
  const Json* v = optional(key);
  if (OptionRecorder::recording(path_)) OptionRecorder::note(path_, key, {{"default", fallback}, {"one_of", allowed}});
  return v ? read_string(*v, path(key), allowed) : fallback;
}

SpecObject SpecObject::object(const std::string& key) { return SpecObject(required(key), path(key), sink_); }

void SpecObject::finish() const {
  for (auto it = j_.begin(); it != j_.end(); ++it) {
    if (used_.count(it.key())) continue;
    const Error unknown(path(it.key()), "is not a known key here");
    if (!sink_) throw unknown;
    sink_->add(unknown.what());
  }
}

}  // namespace optzoo
