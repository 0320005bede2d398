// floe_python_bridge.so: the plugin library that stands for one plugin
// written in Python. floe.plugins.sync_python_plugins() copies it beside a
// manifest and a sidecar (<stem>.bridge: key=value lines naming the entry
// point and the Python that has it) into an entry-point directory; a copy per
// plugin, because the dynamic loader shares one file between loads.
//
// It links no Python: a host that already runs Python (the floe package)
// lends its interpreter; any other host (the floe CLI, floe-plugin-host,
// floe-conformance) gets one started here from the sidecar's libpython and
// executable (so the virtualenv's packages are found). Then floe._native's
// bridge_init does the real work (src/native/python_plugins.cpp).
#include <dlfcn.h>

#include <Python.h>

#include <fstream>
#include <map>
#include <mutex>
#include <string>

#include "floe/plugin.h"

namespace {

std::map<std::string, std::string> read_sidecar(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

template <typename Fn>
Fn* symbol(void* library, const char* name) {
  return reinterpret_cast<Fn*>(dlsym(library, name));
}

// Python's C API, looked up at run time: the interpreter is either the
// host's own or one this library loads.
struct Python {
  decltype(&Py_IsInitialized) is_initialized = nullptr;
  decltype(&PyGILState_Ensure) gil_ensure = nullptr;
  decltype(&PyGILState_Release) gil_release = nullptr;
  decltype(&PyImport_ImportModule) import_module = nullptr;
  decltype(&PyObject_GetAttrString) get_attr = nullptr;
  decltype(&PyObject_CallNoArgs) call = nullptr;
  decltype(&PyCapsule_GetPointer) capsule_pointer = nullptr;
  decltype(&Py_DecRef) decref = nullptr;
  decltype(&PyErr_Clear) error_clear = nullptr;

  bool bind(void* library) {
    is_initialized = symbol<int()>(library, "Py_IsInitialized");
    gil_ensure = symbol<PyGILState_STATE()>(library, "PyGILState_Ensure");
    gil_release = symbol<void(PyGILState_STATE)>(library, "PyGILState_Release");
    import_module = symbol<PyObject*(const char*)>(library, "PyImport_ImportModule");
    get_attr = symbol<PyObject*(PyObject*, const char*)>(library, "PyObject_GetAttrString");
    call = symbol<PyObject*(PyObject*)>(library, "PyObject_CallNoArgs");
    capsule_pointer = symbol<void*(PyObject*, const char*)>(library, "PyCapsule_GetPointer");
    decref = symbol<void(PyObject*)>(library, "Py_DecRef");
    error_clear = symbol<void()>(library, "PyErr_Clear");
    return is_initialized && gil_ensure && gil_release && import_module && get_attr && call && capsule_pointer &&
           decref && error_clear;
  }
};

// Starts an interpreter as `executable` would (its virtualenv, its
// site-packages), without signal handlers (the host owns its signals), and
// lets go of the GIL so any thread can take it.
std::string start_python(void* library, const std::string& executable) {
  auto init_config = symbol<void(PyConfig*)>(library, "PyConfig_InitPythonConfig");
  auto set_string = symbol<PyStatus(PyConfig*, wchar_t**, const char*)>(library, "PyConfig_SetBytesString");
  auto initialize = symbol<PyStatus(const PyConfig*)>(library, "Py_InitializeFromConfig");
  auto clear = symbol<void(PyConfig*)>(library, "PyConfig_Clear");
  auto is_exception = symbol<int(PyStatus)>(library, "PyStatus_Exception");
  auto save_thread = symbol<PyThreadState*()>(library, "PyEval_SaveThread");
  if (!init_config || !set_string || !initialize || !clear || !is_exception || !save_thread)
    return "the Python library lacks the embedding API";
  PyConfig config;
  init_config(&config);
  config.install_signal_handlers = 0;
  config.parse_argv = 0;
  PyStatus status = set_string(&config, &config.program_name, executable.c_str());
  if (!is_exception(status)) status = set_string(&config, &config.executable, executable.c_str());
  if (!is_exception(status)) status = initialize(&config);
  clear(&config);
  if (is_exception(status))
    return std::string("Python did not start: ") + (status.err_msg != nullptr ? status.err_msg : "unknown error");
  save_thread();
  return "";
}

using bridge_init_fn = floe_status (*)(const char*, uint32_t, const floe_host_api*, floe_plugin*, floe_error*);

std::mutex g_start;  // two hosts' inits on two threads start one interpreter

std::string own_path() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_path), &info) == 0 || info.dli_fname == nullptr) return "";
  return info.dli_fname;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) floe_status floe_plugin_init(uint32_t host_abi_version,
                                                                               const floe_host_api* host,
                                                                               floe_plugin* plugin_out,
                                                                               floe_error* error) {
  std::string library = own_path();
  std::string sidecar = library.substr(0, library.rfind(".so")) + ".bridge";
  auto entry = read_sidecar(sidecar);
  if (entry.empty())
    return host->set_error(error, FLOE_ERR_LOAD_FAILED, ("Python plugin bridge: cannot read " + sidecar).c_str());

  Python py;
  bridge_init_fn init = nullptr;
  {
    std::lock_guard<std::mutex> once(g_start);
    if (!py.bind(RTLD_DEFAULT) || py.is_initialized() == 0) {
      // No Python in this process yet: load the one the plugin was installed with.
      void* libpython = dlopen(entry["libpython"].c_str(), RTLD_NOW | RTLD_GLOBAL);
      if (libpython == nullptr || !py.bind(libpython))
        return host->set_error(error, FLOE_ERR_LOAD_FAILED,
                               ("Python plugin bridge: cannot load " + entry["libpython"] + ": " +
                                (libpython == nullptr ? dlerror() : "not a Python library")).c_str());
      if (py.is_initialized() == 0) {
        std::string failure = start_python(libpython, entry["executable"]);
        if (!failure.empty())
          return host->set_error(error, FLOE_ERR_LOAD_FAILED, ("Python plugin bridge: " + failure).c_str());
      }
    }
    PyGILState_STATE gil = py.gil_ensure();
    PyObject* module = py.import_module("floe._native");
    PyObject* entry_fn = module != nullptr ? py.get_attr(module, "bridge_entry") : nullptr;
    PyObject* capsule = entry_fn != nullptr ? py.call(entry_fn) : nullptr;
    if (capsule != nullptr) init = reinterpret_cast<bridge_init_fn>(py.capsule_pointer(capsule, "floe.bridge_init"));
    if (init == nullptr) py.error_clear();
    for (PyObject* o : {capsule, entry_fn, module})
      if (o != nullptr) py.decref(o);
    py.gil_release(gil);
  }
  if (init == nullptr)
    return host->set_error(error, FLOE_ERR_LOAD_FAILED,
                           ("Python plugin bridge: cannot import floe._native with " + entry["executable"] +
                            " (is the floe package installed there?)").c_str());
  return init(sidecar.c_str(), host_abi_version, host, plugin_out, error);
}
