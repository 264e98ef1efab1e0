#include <nlohmann/json.hpp>

#include "optim/schedule.hpp"

#include <algorithm>
#include <cmath>

namespace optzoo {

namespace {
constexpr double kPi = 3.14159265358979323846;

double half_cosine(double fraction, double min_scale) {
  return min_scale + (1.0 - min_scale) * 0.5 * (1.0 + std::cos(kPi * fraction));
}
}  // namespace

double Schedule::at(int64_t t) const {
  const double x = static_cast<double>(t);
  switch (kind) {
    case Kind::Constant: return 1.0;
    case Kind::Step: return std::pow(gamma, static_cast<double>(t / period));
    case Kind::Exponential: return std::pow(gamma, x);
    case Kind::Cosine: return half_cosine(std::min(x, static_cast<double>(period)) / period, min_scale);
    case Kind::Sgdr: {
      // Find the restart cycle that contains t; cycle i has length period * mult^i.
      double start = 0, length = static_cast<double>(period);
      while (x >= start + length) start += length, length *= mult;
      return half_cosine((x - start) / length, min_scale);
    }
    case Kind::Warmup: return std::min(1.0, (x + 1.0) / static_cast<double>(period));
    case Kind::InvSqrt: return std::sqrt(t0 / (x + t0));
    case Kind::InvT: return t0 / (x + t0);
    case Kind::Cyclic: {
      const double s = static_cast<double>(period);
      const double cycle = std::floor(1.0 + x / (2.0 * s));
      const double pos = std::abs(x / s - 2.0 * cycle + 1.0);
      return min_scale + (1.0 - min_scale) * std::max(0.0, 1.0 - pos);
    }
  }
  return 1.0;
}

const std::vector<std::string>& schedule_kinds() {
  static const std::vector<std::string> kinds = {"constant", "step",  "exponential", "cosine", "sgdr",
                                                 "warmup",   "inv_sqrt", "inv_t",   "cyclic"};
  return kinds;
}

Schedule read_schedule(const Json& j, const std::string& path, int64_t total_steps) {
  SpecObject o(j, path);
  const std::string kind = o.string("kind", schedule_kinds());
  Schedule s;
  constexpr long kMaxPeriod = 1L << 30;
  if (kind == "constant") {
    s.kind = Schedule::Kind::Constant;
  } else if (kind == "step") {
    s.kind = Schedule::Kind::Step;
    s.period = o.integer("step_size", 1, kMaxPeriod);
    s.gamma = o.number("gamma", {0, 1, true, false}, 0.1);
  } else if (kind == "exponential") {
    s.kind = Schedule::Kind::Exponential;
    s.gamma = o.number("gamma", {0, 1, true, false});
  } else if (kind == "cosine") {
    s.kind = Schedule::Kind::Cosine;
    s.period = o.integer("t_max", 1, kMaxPeriod, static_cast<int>(std::clamp<int64_t>(total_steps, 1, kMaxPeriod)));
    s.min_scale = o.number("min_scale", closed(0, 1), 0.0);
  } else if (kind == "sgdr") {
    s.kind = Schedule::Kind::Sgdr;
    s.period = o.integer("t_0", 1, kMaxPeriod);
    s.mult = o.integer("t_mult", 1, 1000, 1);
    s.min_scale = o.number("min_scale", closed(0, 1), 0.0);
  } else if (kind == "warmup") {
    s.kind = Schedule::Kind::Warmup;
    s.period = o.integer("warmup_steps", 1, kMaxPeriod);
  } else if (kind == "inv_sqrt" || kind == "inv_t") {
    s.kind = kind == "inv_sqrt" ? Schedule::Kind::InvSqrt : Schedule::Kind::InvT;
    s.t0 = o.number("t0", above(0), 1.0);
  } else {
    s.kind = Schedule::Kind::Cyclic;
    s.period = o.integer("step_size", 1, kMaxPeriod);
    s.min_scale = o.number("min_scale", closed(0, 1), 0.1);
  }
  o.finish();
  return s;
}

BatchScaled mcallester_batch_scaling(double lr_unit, double momentum_window_unit, double batch_size) {
  if (!(lr_unit > 0) || !std::isfinite(lr_unit)) throw Error("lr", "must be a finite number > 0");
  if (!(momentum_window_unit >= 1) || !std::isfinite(momentum_window_unit)) throw Error("momentum_window", "must be a finite number >= 1");
  if (!(batch_size >= 1) || !std::isfinite(batch_size)) throw Error("batch_size", "must be a finite number >= 1");
  const double window = std::max(1.0, momentum_window_unit / batch_size);
  return {batch_size * lr_unit / window, window};
}

}  // namespace optzoo
