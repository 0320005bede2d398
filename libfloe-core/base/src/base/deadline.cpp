#include "base/deadline.hpp"

#include <cstdio>

namespace floe {
namespace {

thread_local DeadlineHandle t_deadline;

}  // namespace

DeadlineHandle make_deadline(std::int64_t limit_ms) {
  auto d = std::make_shared<DeadlineState>();
  d->limit_ms = limit_ms;
  d->at = std::chrono::steady_clock::now() + std::chrono::milliseconds(limit_ms);
  return d;
}

DeadlineHandle current_deadline() { return t_deadline; }

DeadlineScope::DeadlineScope(DeadlineHandle deadline) : previous_(std::move(t_deadline)) {
  t_deadline = std::move(deadline);
}

DeadlineScope::~DeadlineScope() { t_deadline = std::move(previous_); }

bool deadline_passed() {
  const DeadlineState* d = t_deadline.get();
  if (d == nullptr || std::chrono::steady_clock::now() < d->at) return false;
  t_deadline->stopped = true;
  return true;
}

bool deadline_passed(const DeadlineHandle& deadline) {
  if (!deadline || std::chrono::steady_clock::now() < deadline->at) return false;
  deadline->stopped = true;
  return true;
}

std::optional<std::chrono::milliseconds> time_left() {
  const DeadlineState* d = t_deadline.get();
  if (d == nullptr) return std::nullopt;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(d->at - std::chrono::steady_clock::now());
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

std::string describe_limit(std::int64_t limit_ms) {
  if (limit_ms % 1000 == 0) return std::to_string(limit_ms / 1000) + " s";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g s", static_cast<double>(limit_ms) / 1000.0);
  return seconds;
}

Error deadline_error(const std::string& doing) {
  std::int64_t limit = t_deadline ? t_deadline->limit_ms : 0;
  if (t_deadline) t_deadline->stopped = true;
  return make_error(FLOE_ERR_TIMEOUT,
                    "the operation's deadline (" + describe_limit(limit) + ") passed while " + doing,
                    {{"kind", "deadline"}, {"limit_ms", limit}});
}

bool is_deadline_error(const Error& e) {
  auto* k = e.detail.if_contains("kind");
  return e.code == FLOE_ERR_TIMEOUT && k != nullptr && k->is_string() && k->as_string() == "deadline";
}

bool deadline_stopped_something() { return t_deadline && t_deadline->stopped.load(); }

}  // namespace floe
