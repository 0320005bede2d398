// Structural check of a shared library before dlopen. glibc trusts the file:
// a truncated library whose segments extend past the end of the file makes
// the loader fault (SIGBUS) while mapping it, taking the host down. Checking
// the headers first turns that into an ordinary load error, and also rejects
// libraries for another machine or word size with a clear message.
#pragma once

#include <string>

namespace floe {

// Empty when `path` looks like a loadable ELF shared object for this host;
// otherwise a sentence saying what is wrong.
std::string elf_problem(const std::string& path);

}  // namespace floe
