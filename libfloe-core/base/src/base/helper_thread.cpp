#include "base/helper_thread.hpp"

#include <sched.h>

#include <cerrno>
#include <exception>
#include <memory>
#include <system_error>
#include <utility>

namespace floe {
namespace {

struct Start {
  std::function<void()> work;
  cpu_set_t mask;  // the creator's, restored first
  bool restore = false;
};

void* run(void* arg) {
  std::unique_ptr<Start> start(static_cast<Start*>(arg));
  if (start->restore) pthread_setaffinity_np(pthread_self(), sizeof start->mask, &start->mask);
  try {
    start->work();
  } catch (...) {
    std::terminate();
  }
  return nullptr;
}

}  // namespace

HelperThread::HelperThread(std::function<void()> work) {
  auto start = std::make_unique<Start>();
  start->work = std::move(work);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  CPU_ZERO(&start->mask);
  if (sched_getaffinity(0, sizeof start->mask, &start->mask) == 0) {
    cpu_set_t others = start->mask;
    const int here = sched_getcpu();
    if (here >= 0 && here < CPU_SETSIZE && CPU_ISSET(here, &others)) {
      CPU_CLR(here, &others);
      if (CPU_COUNT(&others) > 0 && pthread_attr_setaffinity_np(&attr, sizeof others, &others) == 0) start->restore = true;
    }
  }
  int rc = pthread_create(&thread_, &attr, &run, start.get());
  pthread_attr_destroy(&attr);
  if (rc == EINVAL && start->restore) {  // the other cores went offline: start it anywhere
    start->restore = false;
    rc = pthread_create(&thread_, nullptr, &run, start.get());
  }
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot start a helper thread");
  start.release();  // run() owns it now
  running_ = true;
}

HelperThread::HelperThread(HelperThread&& other) noexcept
    : thread_(other.thread_), running_(std::exchange(other.running_, false)) {}

HelperThread& HelperThread::operator=(HelperThread&& other) noexcept {
  if (this != &other) {
    if (running_) join();
    thread_ = other.thread_;
    running_ = std::exchange(other.running_, false);
  }
  return *this;
}

HelperThread::~HelperThread() {
  if (running_) join();
}

void HelperThread::join() {
  if (!running_) return;
  pthread_join(thread_, nullptr);
  running_ = false;
}

}  // namespace floe
