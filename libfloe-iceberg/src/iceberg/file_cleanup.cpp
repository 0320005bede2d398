#include "iceberg/file_cleanup.hpp"

#include <algorithm>
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

// The objects' bytes, by URI; the first that cannot be read cancels.
std::map<std::string, std::string> read_or_cancel(const ObjectReader& read, const std::vector<std::string>& uris,
                                                  const char* what) {
  std::map<std::string, std::string> out;
  if (uris.empty()) return out;
  std::vector<ObjectRead> answers = read(uris);
  if (answers.size() != uris.size()) throw Cancelled{std::string("the reader of ") + what + "s answered for fewer objects"};
  for (std::size_t i = 0; i < uris.size(); ++i) {
    if (!answers[i].problem.empty())
      throw Cancelled{std::string(what) + " " + uris[i] + " cannot be read: " + answers[i].problem};
    out[uris[i]] = std::move(answers[i].bytes);
  }
  return out;
}

// Every manifest the snapshots' manifest lists name, by path; `lists` holds
// the lists' bytes.
std::map<std::string, ManifestRef> manifests_of(const std::vector<Snapshot>& snapshots,
                                                const std::map<std::string, std::string>& lists) {
  std::map<std::string, ManifestRef> out;
  for (const auto& snapshot : snapshots) {
    try {
      for (auto& manifest : read_manifest_list(lists.at(snapshot.manifest_list), snapshot.manifest_list))
        out.emplace(manifest.path, std::move(manifest));
    } catch (const std::exception& e) {
      throw Cancelled{e.what()};
    }
  }
  return out;
}

// Calls visit(file) for every live file of the manifests (read as a batch).
template <class Visit>
void live_files(const std::vector<const ManifestRef*>& manifests, const ObjectReader& read, Visit&& visit) {
  std::vector<std::string> uris;
  for (const ManifestRef* m : manifests)
    if (may_hold_live_files(*m)) uris.push_back(m->path);
  std::map<std::string, std::string> bytes = read_or_cancel(read, uris, "the manifest");
  for (const ManifestRef* m : manifests) {
    if (!may_hold_live_files(*m)) continue;
    try {
      for (auto& file : read_live_files(bytes.at(m->path), *m)) visit(file);
    } catch (const std::exception& e) {
      throw Cancelled{e.what()};
    }
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
    std::vector<std::string> list_uris;
    for (const auto* snapshots : {&expired, &remaining})
      for (const auto& snapshot : *snapshots) {
        if (snapshot.manifest_list.empty())
          throw Cancelled{"snapshot " + std::to_string(snapshot.snapshot_id) +
                          " lists its manifests inline (format v1), which floe does not read"};
        list_uris.push_back(snapshot.manifest_list);
      }
    std::sort(list_uris.begin(), list_uris.end());
    list_uris.erase(std::unique(list_uris.begin(), list_uris.end()), list_uris.end());
    std::map<std::string, std::string> list_bytes = read_or_cancel(read, list_uris, "the manifest list");
    std::map<std::string, ManifestRef> gone = manifests_of(expired, list_bytes);
    std::map<std::string, ManifestRef> kept = manifests_of(remaining, list_bytes);
    std::set<std::string> manifests, data, deletes;
    std::vector<const ManifestRef*> candidates, remaining_manifests;
    for (const auto& [path, manifest] : gone) {
      if (kept.count(path) != 0) continue;  // a remaining snapshot still lists it
      manifests.insert(path);
      candidates.push_back(&manifest);
    }
    live_files(candidates, read, [&](const LiveFile& f) { (f.content == 0 ? data : deletes).insert(f.path); });
    // A file the expired manifests list may be live in a remaining one (an
    // EXISTING entry carried over, or the same file added again).
    if (!data.empty() || !deletes.empty()) {
      for (const auto& [path, manifest] : kept) remaining_manifests.push_back(&manifest);
      live_files(remaining_manifests, read, [&](const LiveFile& f) {
        data.erase(f.path);
        deletes.erase(f.path);
      });
    }
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
