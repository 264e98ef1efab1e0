#include "core/reply.hpp"

#include <cstdlib>

namespace optzoo {

namespace {
constexpr std::size_t kReserveBytes = 256 << 10;  // far more than any error reply
void* reserve = nullptr;
}  // namespace

void hold_memory_reserve() {
  if (!reserve) reserve = std::malloc(kReserveBytes);  // null on a full heap: tried again next call
}

void release_memory_reserve() {
  std::free(reserve);
  reserve = nullptr;
}

OrderedJson error_reply(const std::string& message, const std::vector<std::string>& violations) {
  OrderedJson j;
  j["error"] = message;
  if (violations.size() > 1) j["violations"] = violations;
  return j;
}

}  // namespace optzoo

namespace optzoo {

std::string dump_safe(const OrderedJson& j) { return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

}  // namespace optzoo
