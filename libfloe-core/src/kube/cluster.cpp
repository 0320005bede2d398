#include "kube/cluster.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>

#include "base/deadline.hpp"

namespace floe {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// The words every call starts with: where the cluster is, and how long one
// request may take.
std::vector<std::string> with_access(const KubeAccess& access, std::vector<std::string> args) {
  std::vector<std::string> out;
  if (!access.kubeconfig.empty()) out.push_back("--kubeconfig=" + access.kubeconfig);
  if (!access.context.empty()) out.push_back("--context=" + access.context);
  out.push_back(fmt::format("--request-timeout={}ms", access.request_timeout_ms));
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

// The command's own time, shortened to what the operation's deadline leaves.
long bounded(long timeout_ms) {
  if (auto left = time_left()) return std::max<long>(1, std::min<long>(timeout_ms, static_cast<long>(left->count())));
  return timeout_ms;
}

Result<CommandOutcome> kubectl(const KubeAccess& access, std::vector<std::string> args, long timeout_ms) {
  return run_command(access.kubectl, with_access(access, std::move(args)), bounded(timeout_ms));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// kubectl's errors, one entry each: an entry starts at "Error from server",
// "error:" or "Error:" and takes the lines that follow it (a field-manager
// conflict is several lines).
std::vector<std::string> refusals_in(const std::string& err) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(err)) {
    bool starts = line.rfind("Error from server", 0) == 0 || line.rfind("error:", 0) == 0 || line.rfind("Error:", 0) == 0;
    if (line.rfind("Warning:", 0) == 0) continue;  // deprecation notices are not refusals
    if (starts || out.empty())
      out.push_back(line);
    else
      out.back() += "\n" + line;
  }
  // A conflict names its fields and managers, then kubectl's advice on
  // --force-conflicts: the diagnostic's hint says that in floe's terms.
  for (auto& entry : out)
    if (auto advice = entry.find("\nPlease review the fields above"); advice != std::string::npos) entry.erase(advice);
  return out;
}

Error unreachable(const KubeAccess& access, const CommandOutcome& o, const std::string& doing) {
  if (o.timed_out)
    return make_error(FLOE_ERR_TIMEOUT, fmt::format("`{} {}` did not finish in time (the API server is slow or does not answer)",
                                                    access.kubectl, doing));
  return make_error(FLOE_ERR_UNAVAILABLE, fmt::format("`{} {}` failed: {}", access.kubectl, doing, kubectl_said(o)));
}

}  // namespace

std::string kubectl_said(const CommandOutcome& outcome, std::size_t limit) {
  std::string text = outcome.err.empty() ? outcome.out : outcome.err;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > limit) text = text.substr(0, limit) + " ...";
  if (text.empty()) text = outcome.timed_out ? "timed out" : fmt::format("exit {}, nothing printed", outcome.exit_code);
  return text;
}

std::string kube_type_of(const std::string& api_version, const std::string& kind) {
  auto slash = api_version.find('/');
  if (slash == std::string::npos) return kind;  // the core group: "v1"
  return fmt::format("{}.{}.{}", kind, api_version.substr(slash + 1), api_version.substr(0, slash));
}

Result<std::string> kube_server_version(const KubeAccess& access) {
  // The client's own timeout is a little longer than one request's: kubectl
  // may read a kubeconfig and run a credential plugin first.
  auto r = kubectl(access, {"version", "-o", "json"}, access.request_timeout_ms + 10000);
  if (!r) return r.error();
  const CommandOutcome& o = r.value();
  if (o.exit_code != 0 || o.timed_out) return unreachable(access, o, "version");
  std::error_code ec;
  json::value v = json::parse(o.out, ec);
  const json::value* server = !ec && v.is_object() ? v.as_object().if_contains("serverVersion") : nullptr;
  if (server == nullptr || !server->is_object())
    return make_error(FLOE_ERR_UNAVAILABLE, fmt::format("`{} version` printed no server version: {}", access.kubectl, kubectl_said(o)));
  const json::value* git = server->as_object().if_contains("gitVersion");
  return git != nullptr && git->is_string() ? std::string(git->as_string()) : std::string("unknown");
}

Result<ApplyOutcome> kube_apply(const KubeAccess& access, const std::string& dir, const ApplyOptions& options) {
  std::vector<std::string> args{"apply", "--server-side", "--field-manager=floe", "-o", "name", "-f", dir};
  if (options.force_conflicts) args.push_back("--force-conflicts");
  if (options.dry_run) args.push_back("--dry-run=server");
  auto r = kubectl(access, std::move(args), options.timeout_ms);
  if (!r) return r.error();
  const CommandOutcome& o = r.value();
  ApplyOutcome out;
  out.applied = lines_of(o.out);
  out.timed_out = o.timed_out;
  if (o.exit_code != 0 && !o.timed_out) {
    out.refusals = refusals_in(o.err);
    if (out.refusals.empty()) out.refusals.push_back(kubectl_said(o));
  }
  return out;
}

Result<DiffOutcome> kube_diff(const KubeAccess& access, const std::string& dir, long timeout_ms) {
  // --force-conflicts: the diff shows what floe's apply would make of a
  // field another manager took (a hand edit), instead of stopping at it.
  auto r = kubectl(access, {"diff", "--server-side", "--field-manager=floe", "--force-conflicts", "-f", dir}, timeout_ms);
  if (!r) return r.error();
  const CommandOutcome& o = r.value();
  // kubectl diff: 0 no differences, 1 differences, anything else an error.
  if (o.timed_out || (o.exit_code != 0 && o.exit_code != 1)) return unreachable(access, o, "diff --server-side");
  DiffOutcome out;
  out.text = o.out;
  // Each object's diff starts with "diff -u -N .../LIVE-.../<group>.<version>.<Kind>.<namespace>.<name> ...":
  // the file name is kubectl's name for the object.
  for (const auto& line : lines_of(o.out)) {
    if (line.rfind("diff ", 0) != 0) continue;
    std::istringstream words(line);
    std::string word, live;
    while (words >> word)
      if (word.find("/LIVE-") != std::string::npos) live = word;
    if (live.empty()) continue;
    std::string file = fs::path(live).filename().string();
    out.changed.push_back(file);
  }
  return out;
}

Result<json::array> kube_list(const KubeAccess& access, const std::vector<std::string>& types, const std::string& selector,
                              long timeout_ms) {
  if (types.empty()) return json::array{};
  std::string joined = fmt::format("{}", fmt::join(types, ","));
  auto r = kubectl(access, {"get", joined, "--all-namespaces", "-l", selector, "--show-managed-fields", "-o", "json"}, timeout_ms);
  if (!r) return r.error();
  const CommandOutcome& o = r.value();
  if (o.exit_code != 0 || o.timed_out || o.truncated) return unreachable(access, o, "get " + joined);
  std::error_code ec;
  json::value v = json::parse(o.out, ec);
  const json::value* items = !ec && v.is_object() ? v.as_object().if_contains("items") : nullptr;
  if (items == nullptr || !items->is_array())
    return make_error(FLOE_ERR_UNAVAILABLE, fmt::format("`{} get {}` printed no list", access.kubectl, joined));
  return items->as_array();
}

Result<std::vector<std::string>> kube_delete(const KubeAccess& access, const json::array& objects, long timeout_ms) {
  if (objects.empty()) return std::vector<std::string>{};
  // kubectl reads the list from a file (its stdin is /dev/null): names and
  // kinds only, nothing secret.
  std::error_code ec;
  std::string path = (fs::temp_directory_path(ec) / "floe-prune-XXXXXX.json").string();
  int fd = mkstemps(path.data(), 5);
  if (fd < 0) return make_error(FLOE_ERR_IO, "cannot create a temporary file for kubectl delete");
  std::string text = json::serialize(json::object{{"apiVersion", "v1"}, {"kind", "List"}, {"items", objects}});
  bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written) {
    fs::remove(path, ec);
    return make_error(FLOE_ERR_IO, "cannot write a temporary file for kubectl delete");
  }
  auto r = kubectl(access, {"delete", "--wait=false", "--ignore-not-found", "-o", "name", "-f", path}, timeout_ms);
  fs::remove(path, ec);
  if (!r) return r.error();
  if (r.value().exit_code != 0 || r.value().timed_out) return unreachable(access, r.value(), "delete");
  return lines_of(r.value().out);
}

}  // namespace floe
