#include "core/reply.hpp"

#include <cstdlib>
#include <new>

namespace optzoo {

namespace {
constexpr std::size_t kReserveBytes = 256 << 10;  // far more than any error reply
void* reserve = nullptr;
bool ran_out = false;

// operator new failed: give the reserve back first, so that the runtime can allocate
// the std::bad_alloc object itself (under Emscripten's JS exceptions a failed
// exception allocation turns into an exception of unknown type).
void on_out_of_memory() {
  ran_out = true;
  std::free(reserve);
  reserve = nullptr;
  throw std::bad_alloc();
}
}  // namespace

void hold_memory_reserve() {
  ran_out = false;
  std::set_new_handler(on_out_of_memory);
  if (!reserve) reserve = std::malloc(kReserveBytes);  // null on a full heap: tried again next call
}

bool memory_ran_out() { return ran_out; }

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
