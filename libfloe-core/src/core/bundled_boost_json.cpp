// Boost.JSON's implementation, compiled into libfloe-core and the floe CLI
// instead of linking libboost_json.so: one library less for the dynamic
// loader to find, map and relocate on every command, and its functions bound
// at link time instead of looked up on first call (~0.1 ms of every start-up
// on our machines, docs/performance.md). Debian's libboost_json.a cannot be
// used instead: it is built as position-dependent executable code, which a
// shared library cannot hold.
//
// The copy is private: libfloe-core's version script exports only floe_*
// symbols, and an executable exports nothing it is not asked to. No
// Boost.JSON value ever crosses the C ABI, so a plugin linking its own
// Boost.JSON never meets this one.
#include <boost/json/src.hpp>
