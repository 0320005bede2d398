// A thread that works beside the one creating it, started on another core.
//
// Our machines (2-vCPU Firecracker VMs whose kernel packs tasks onto few
// vCPUs, HZ=250) often queue a new thread on its creator's busy core until
// the next scheduler tick moves it: measured, a helper of a 1k-model validate
// started 3-4 ms late in half the runs, so the project's files were read by
// one thread while the other core idled. A helper is therefore created with
// its creator's core left out of its CPU mask (so it starts on an idle core
// at once) and widens the mask back to its creator's first thing, so the
// scheduler may still move it anywhere afterwards. With one allowed core,
// it is an ordinary thread.
#pragma once

#include <pthread.h>

#include <functional>

namespace floe {

class HelperThread {
 public:
  HelperThread() = default;
  // Starts `work` on the new thread. Throws std::system_error when no thread
  // can be made. As for std::thread, an exception leaving `work` terminates.
  explicit HelperThread(std::function<void()> work);
  HelperThread(HelperThread&& other) noexcept;
  HelperThread& operator=(HelperThread&& other) noexcept;
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;
  ~HelperThread();  // joins

  bool joinable() const { return running_; }
  void join();

 private:
  pthread_t thread_{};
  bool running_ = false;
};

}  // namespace floe
