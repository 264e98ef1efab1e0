#include "core/reply.hpp"

namespace optzoo {

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
