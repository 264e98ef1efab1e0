// The native baseline for `npm run bench`: the same workloads (cpp/bench) as the
// wasm module runs, built by g++ from the same core, timed the way tests/bench/bench.js
// times the wasm ones (grow a chunk to ~chunk_seconds, then the median of `repeats`
// chunks after a warm-up, with the interquartile range over the median as noise).
//   optzoo_bench '{"jobs": [{"kind": "training", "config": [784, 128, 10], "batch": 64,
//                           "optimizer": "adam", "lr": 0.001}, {"kind": "gemm", "n": 256},
//                           {"kind": "simd_peak", "op": "multiply"}], "repeats": 7, "chunk_seconds": 0.25}'
// prints {"results": [{"calls_per_s", "noise", "best_calls_per_s", "forward_passes_per_call"?}, ...]}.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench/bench.hpp"
#include "core/error.hpp"

namespace {

using Json = nlohmann::json;

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double sorted_at(std::vector<double> xs, double q) {
  std::sort(xs.begin(), xs.end());
  return xs[static_cast<std::size_t>(std::lround(q * (xs.size() - 1)))];
}

volatile double g_sink;  // results land here so the work is never dead code

// Calls per second of work(count): the median of `repeats` chunks, and the noise. The
// warm-up lasts at least kWarmupSeconds, as in tests/bench/timing.js.
constexpr double kWarmupSeconds = 1.0;
Json rate(const std::function<double(int)>& work, int repeats, double chunk_seconds) {
  const double t0 = now();
  g_sink = work(1);
  long count = 1;
  for (;;) {
    const double t = now();
    g_sink = work(static_cast<int>(count));
    const double dt = now() - t;
    if ((dt > chunk_seconds / 4 && now() - t0 > kWarmupSeconds) || count > 1000000) {
      count = std::max(1L, std::lround(count * chunk_seconds / std::max(dt, 1e-6)));
      break;
    }
    if (dt <= chunk_seconds / 4) count *= 4;
  }
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) {
    const double t = now();
    g_sink = work(static_cast<int>(count));
    rates.push_back(count / (now() - t));
  }
  const double median = sorted_at(rates, 0.5);
  return {{"calls_per_s", median},
          {"noise", (sorted_at(rates, 0.75) - sorted_at(rates, 0.25)) / median},
          {"best_calls_per_s", *std::max_element(rates.begin(), rates.end())}};
}

Json run_job(const Json& job, int repeats, double chunk_seconds) {
  const std::string kind = job.at("kind").get<std::string>();
  if (kind == "training") {
    auto bench = optzoo::TrainingBench::from_json(job.at("config").dump(), job.at("batch").get<int>(),
                                                  job.at("optimizer").get<std::string>(), job.at("lr").get<double>(), 1);
    const double before = bench->forward_passes();
    bench->run(1);
    const double per_call = bench->forward_passes() - before;
    Json r = rate([&](int n) { return bench->run(n); }, repeats, chunk_seconds);
    r["forward_passes_per_call"] = per_call;
    return r;
  }
  if (kind == "gemm") {
    optzoo::GemmBench bench(job.at("n").get<int>(), 1);
    return rate([&](int n) { return bench.run(n); }, repeats, chunk_seconds);
  }
  if (kind == "simd_peak") {
    const std::string name = job.at("op").get<std::string>();
    if (name != "multiply" && name != "add") throw optzoo::Error("op", "must be multiply or add, got \"" + name + "\"");
    const auto op = name == "add" ? optzoo::PeakOp::Add : optzoo::PeakOp::Multiply;
    Json r = rate([op](int n) { return optzoo::simd_peak_run(op, n); }, repeats, chunk_seconds);
    r["flops_per_call"] = optzoo::kSimdPeakFlopsPerRep;
    return r;
  }
  throw optzoo::Error("kind", "must be training, gemm or simd_peak, got \"" + kind + "\"");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: optzoo_bench '<jobs JSON>' (see tests/bench/native/optzoo_bench.cpp)\n";
    return 2;
  }
  try {
    const Json request = Json::parse(argv[1]);
    const int repeats = request.value("repeats", 7);
    const double chunk_seconds = request.value("chunk_seconds", 0.25);
    Json results = Json::array();
    for (const Json& job : request.at("jobs")) results.push_back(run_job(job, repeats, chunk_seconds));
    std::cout << Json{{"results", results}}.dump() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "optzoo_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
