// Letting go of the GIL around library calls, and taking it in callbacks,
// without aborting the process at exit. Once the interpreter finalizes,
// Python ends every other thread that takes the GIL with pthread_exit, whose
// forced unwinding through C++ frames (noexcept destructors, the library's own
// frames) calls std::terminate. So at exit (an atexit hook, prepare_exit) the
// module raises a flag first: a thread that comes back from floe, or a library
// thread about to call a Python plugin, then waits for the process to end
// instead of taking the GIL; the hook waits briefly for the calls in flight to
// get there. The main thread, which finalizes, goes on as usual.
#pragma once

#include <Python.h>
#include <unistd.h>

#include <atomic>

namespace floe::python {

inline unsigned long g_main_thread = 0;       // set when the module is imported
inline std::atomic<bool> g_exiting{false};    // set by prepare_exit
inline std::atomic<int> g_away{0};            // threads in floe with the GIL released, not parked

inline bool must_not_take_gil() {
  return g_exiting.load() && PyThread_get_thread_ident() != g_main_thread;
}

[[noreturn]] inline void wait_for_exit() {
  for (;;) pause();
}

class GilReleased {
 public:
  GilReleased() : state_(PyEval_SaveThread()) { ++g_away; }
  GilReleased(const GilReleased&) = delete;
  GilReleased& operator=(const GilReleased&) = delete;
  // Counted as away until the GIL is back: prepare_exit lets a thread already
  // waiting for it through before the interpreter finalizes.
  ~GilReleased() {
    if (must_not_take_gil()) {
      --g_away;
      wait_for_exit();
    }
    PyEval_RestoreThread(state_);
    --g_away;
  }

 private:
  PyThreadState* state_;
};

// Set when a module is imported (each module has its own copy of these).
// threading is asked only when something imported it already: importing it
// here (~3 ms, a third of `import floe`) would name the importing thread as
// the main one anyway, which is what PyThread_get_thread_ident says.
inline void remember_main_thread() {
  PyObject* name = PyUnicode_FromString("threading");
  PyObject* threading = name != nullptr ? PyImport_GetModule(name) : nullptr;  // no import: nullptr if not loaded
  Py_XDECREF(name);
  PyObject* main = threading != nullptr ? PyObject_CallMethod(threading, "main_thread", nullptr) : nullptr;
  PyObject* ident = main != nullptr ? PyObject_GetAttrString(main, "ident") : nullptr;
  g_main_thread = ident != nullptr ? PyLong_AsUnsignedLong(ident) : PyThread_get_thread_ident();
  Py_XDECREF(ident);
  Py_XDECREF(main);
  Py_XDECREF(threading);
  PyErr_Clear();
}

class GilHeld {
 public:
  GilHeld() {
    if (must_not_take_gil()) wait_for_exit();
    state_ = PyGILState_Ensure();
  }
  GilHeld(const GilHeld&) = delete;
  GilHeld& operator=(const GilHeld&) = delete;
  ~GilHeld() { PyGILState_Release(state_); }

 private:
  PyGILState_STATE state_;
};

// The atexit hook each module registers (floe/__init__.py, floe/iceberg.py):
// from now on other threads wait instead of taking the GIL; give those still
// in floe up to 200 ms to come back first.
inline void prepare_exit() {
  g_exiting = true;
  GilReleased unlocked;
  for (int i = 0; i < 200 && g_away.load() > 1; ++i) usleep(1000);
}

}  // namespace floe::python
