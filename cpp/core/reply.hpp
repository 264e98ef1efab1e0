// The one error convention at the edge of the core (bindings, CLI, fuzzers): a call
// either yields a JSON value or an error message; no C++ exception leaves. A reply
// is JSON text: the value itself, or {"error": "path: rule", "violations": [...]}
// (violations only when a spec broke several rules). Status-only calls yield null.
#pragma once
#include <new>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/spec_reader.hpp"

namespace optzoo {

// The message an out-of-memory failure shows to the user.
constexpr const char* kOutOfMemoryMessage =
    "memory: out of memory (the model, batch or dataset is too large for this tab; see the limits in docs/CONTRACTS.md)";

OrderedJson error_reply(const std::string& message, const std::vector<std::string>& violations = {});
// JSON text that never throws: bytes that are not UTF-8 (a CSV header, say) become U+FFFD.
std::string dump_safe(const OrderedJson& j);

// A block held back while the core works, and given up when an allocation fails, so
// that the out-of-memory reply itself can still be built on a full heap.
void hold_memory_reserve();
void release_memory_reserve();
// True when operator new failed since the reply began: an exception of unknown type
// after that (the runtime could not build a proper one) is reported as out of memory.
bool memory_ran_out();

// Runs f (which returns something an OrderedJson can hold, or void) and returns its
// value or the error, as JSON text. Catches everything: Error, std::bad_alloc,
// any std::exception, and anything else.
template <class F>
std::string reply(F&& f) {
  hold_memory_reserve();
  try {
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      return "null";
    } else {
      return dump_safe(OrderedJson(f()));
    }
  } catch (const SpecErrors& e) {
    return dump_safe(error_reply(e.what(), e.violations()));
  } catch (const std::bad_alloc&) {
    release_memory_reserve();
    return dump_safe(error_reply(kOutOfMemoryMessage));
  } catch (const std::exception& e) {
    return dump_safe(error_reply(e.what()));
  } catch (...) {
    if (memory_ran_out()) {
      release_memory_reserve();
      return dump_safe(error_reply(kOutOfMemoryMessage));
    }
    return dump_safe(error_reply("internal error: an unknown exception"));
  }
}

}  // namespace optzoo
