#include "iceberg/file_cleanup.hpp"

#include <exception>
#include <map>
#include <set>

#include "iceberg/manifest_files.hpp"

namespace floe::iceberg {

namespace {

// Thrown inside the planner to cancel it with a reason.
struct Cancelled {
  std::string why;
};

std::string read_or_cancel(const ObjectReader& read, const std::string& uri, const char* what) {
  try {
    return read(uri);
  } catch (const std::exception& e) {
    throw Cancelled{std::string(what) + " " + uri + " cannot be read: " + e.what()};
  }
}

// Every manifest the snapshots' manifest lists name, by path.
std::map<std::string, ManifestRef> manifests_of(const std::vector<Snapshot>& snapshots, const ObjectReader& read) {
  std::map<std::string, ManifestRef> out;
  for (const auto& snapshot : snapshots) {
    if (snapshot.manifest_list.empty())
      throw Cancelled{"snapshot " + std::to_string(snapshot.snapshot_id) +
                      " lists its manifests inline (format v1), which floe does not read"};
    std::string bytes = read_or_cancel(read, snapshot.manifest_list, "the manifest list");
    try {
      for (auto& manifest : read_manifest_list(bytes, snapshot.manifest_list)) out.emplace(manifest.path, std::move(manifest));
    } catch (const std::exception& e) {
      throw Cancelled{e.what()};
    }
  }
  return out;
}

// Calls visit(file) for every live file of the manifest.
template <class Visit>
void live_files(const ManifestRef& manifest, const ObjectReader& read, Visit&& visit) {
  if (!may_hold_live_files(manifest)) return;
  std::string bytes = read_or_cancel(read, manifest.path, "the manifest");
  try {
    for (auto& file : read_live_files(bytes, manifest)) visit(file);
  } catch (const std::exception& e) {
    throw Cancelled{e.what()};
  }
}

bool under(const std::string& path, const std::string& directory) {
  if (path.size() <= directory.size() + 1 || path.compare(0, directory.size(), directory) != 0 ||
      path[directory.size()] != '/')
    return false;
  if (path.find("/../") != std::string::npos || path.find("/./") != std::string::npos) return false;
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace

FileCleanup plan_file_cleanup(const std::vector<Snapshot>& expired, const std::vector<Snapshot>& remaining,
                              const std::string& location, const ObjectReader& read) {
  FileCleanup plan;
  if (expired.empty()) return plan;
  std::string directory = location;
  while (!directory.empty() && directory.back() == '/') directory.pop_back();
  try {
    std::map<std::string, ManifestRef> gone = manifests_of(expired, read);
    std::map<std::string, ManifestRef> kept = manifests_of(remaining, read);
    std::set<std::string> manifests, data, deletes;
    for (const auto& [path, manifest] : gone) {
      if (kept.count(path) != 0) continue;  // a remaining snapshot still lists it
      manifests.insert(path);
      live_files(manifest, read, [&](const LiveFile& f) { (f.content == 0 ? data : deletes).insert(f.path); });
    }
    // A file the expired manifests list may be live in a remaining one (an
    // EXISTING entry carried over, or the same file added again).
    if (!data.empty() || !deletes.empty())
      for (const auto& [path, manifest] : kept)
        live_files(manifest, read, [&](const LiveFile& f) {
          data.erase(f.path);
          deletes.erase(f.path);
        });
    std::set<std::string> lists;
    for (const auto& snapshot : expired) lists.insert(snapshot.manifest_list);
    for (const auto& snapshot : remaining) lists.erase(snapshot.manifest_list);
    auto keep_inside = [&](const std::set<std::string>& paths, std::vector<std::string>& out) {
      for (const auto& path : paths) (under(path, directory) ? out : plan.outside_location).push_back(path);
    };
    keep_inside(data, plan.data_files);
    keep_inside(deletes, plan.delete_files);
    keep_inside(manifests, plan.manifests);
    keep_inside(lists, plan.manifest_lists);
  } catch (const Cancelled& c) {
    FileCleanup cancelled;
    cancelled.not_planned = c.why;
    return cancelled;
  }
  return plan;
}

}  // namespace floe::iceberg
