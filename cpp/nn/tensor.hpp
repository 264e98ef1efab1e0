// A batch of activations: rows are examples, columns are features (C*H*W for images).
#pragma once
#include "core/aligned.hpp"

namespace optzoo {

template <class T>
struct Tensor {
  int rows = 0, cols = 0;
  AlignedVector<T> data;

  void resize(int r, int c) {
    rows = r;
    cols = c;
    data.resize(static_cast<std::size_t>(r) * c);
  }
  T* row(int r) { return data.data() + static_cast<std::size_t>(r) * cols; }
  const T* row(int r) const { return data.data() + static_cast<std::size_t>(r) * cols; }
  std::size_t size() const { return data.size(); }
};

// Feature shape of one example, for layers that care (convolutions, pooling).
struct Shape {
  int channels = 1, height = 1, width = 1;
  int size() const { return channels * height * width; }
};

}  // namespace optzoo
