// The layout of one flat parameter buffer: named views onto contiguous ranges.
// Parameters, gradients and every optimizer state slot share this layout, so an
// update is one flat pass, and structure-aware optimizers (per-layer LARS/LAMB,
// per-neuron Nero, K-FAC, Muon) find matrices and rows through the views.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace optzoo {

enum class ParamRole { Weight, Bias, Other };

struct ParamView {
  std::string name;   // "layer0.weight"
  std::size_t offset;  // into the flat buffer
  int rows;            // a weight is [out][in] row-major: one row per neuron
  int cols;
  ParamRole role;
  std::size_t size() const { return static_cast<std::size_t>(rows) * cols; }
};

class ParamLayout {
 public:
  std::size_t add(std::string name, int rows, int cols, ParamRole role) {
    views_.push_back({std::move(name), size_, rows, cols, role});
    size_ += static_cast<std::size_t>(rows) * cols;
    return views_.back().offset;
  }
  std::size_t size() const { return size_; }
  const std::vector<ParamView>& views() const { return views_; }

 private:
  std::vector<ParamView> views_;
  std::size_t size_ = 0;
};

}  // namespace optzoo
