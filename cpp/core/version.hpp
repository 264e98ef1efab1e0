// optzoo's version: package.json's "version", passed in by CMake, so the module, the
// CLI and npm never disagree.
#pragma once

namespace optzoo {

#ifndef OPTZOO_VERSION
#define OPTZOO_VERSION "unknown"
#endif
inline const char* version() { return OPTZOO_VERSION; }

}  // namespace optzoo
