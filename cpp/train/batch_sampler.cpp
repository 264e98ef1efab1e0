#include "train/batch_sampler.hpp"

namespace optzoo {

BatchSampler::BatchSampler(int train_size, int batch_size, Rng rng)
    : n_(train_size), batch_size_(batch_size >= train_size ? 0 : batch_size), rng_(rng) {
  order_.resize(n_);
  pos_ = order_.size();  // forces a shuffle on the first call
}

const Batch& BatchSampler::next() {
  if (batch_size_ == 0) return batch_;
  if (pos_ + batch_size_ > order_.size()) {
    for (int i = 0; i < n_; ++i) order_[i] = i;
    for (int i = n_ - 1; i > 0; --i) std::swap(order_[i], order_[rng_.below(static_cast<uint32_t>(i + 1))]);
    pos_ = 0;
  }
  batch_.assign(order_.begin() + pos_, order_.begin() + pos_ + batch_size_);
  pos_ += batch_size_;
  return batch_;
}

}  // namespace optzoo
