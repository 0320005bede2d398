// Where floe's results go: the standard output floe was started with, kept
// on a private descriptor. Plugins run in this process and may write to
// stdout (printf, std::cout); from claim_stdout() on, fd 1 is stderr, so what
// they print lands there and `--json` output stays one parseable document
// (docs/abi.md#plugins-and-stdout).
#pragma once

#include <cstdio>

namespace floe::cli {

// Moves floe's own output to a private copy of fd 1 and points fd 1 at
// stderr. Call once, first thing in main(). If fd 1 cannot be copied (it is
// closed), results go to stdout as before.
void claim_stdout();

// The stream for results (what `fmt::print(stdout, ...)` was before).
std::FILE* result_stream();

// The descriptor behind result_stream(), e.g. for isatty().
int result_fd();

}  // namespace floe::cli
