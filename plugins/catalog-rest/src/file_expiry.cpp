#include "file_expiry.hpp"

#include <string>
#include <vector>

#include "iceberg/file_cleanup.hpp"

namespace floe::catalog_rest {

namespace json = boost::json;

namespace {

// An answer lists at most this many paths of each kind (the counts are whole).
constexpr std::size_t kListedPaths = 200;

json::array first_paths(const std::vector<std::string>& paths) {
  json::array out;
  for (std::size_t i = 0; i < paths.size() && i < kListedPaths; ++i) out.emplace_back(paths[i]);
  return out;
}

}  // namespace

json::object clean_up_files(const iceberg::ExpireResult& expired, const FileIo& io, bool dry_run) {
  json::object out{{"dry_run", dry_run}, {"deleted", 0}};
  if (!dry_run && !expired.committed) {
    out["planned"] = json::object{{"data_files", 0}, {"delete_files", 0}, {"manifests", 0}, {"manifest_lists", 0}};
    return out;
  }
  // Each batch the planner asks for is read eight objects at a time.
  auto read = [&](const std::vector<std::string>& uris) {
    std::vector<iceberg::ObjectRead> objects(uris.size());
    on_threads(uris.size(), [&](std::size_t i) {
      try {
        objects[i].bytes = io.read(uris[i]);
      } catch (const std::exception& e) {
        objects[i].problem = e.what();
      }
    });
    return objects;
  };
  iceberg::FileCleanup plan = iceberg::plan_file_cleanup(expired.removed_snapshots(), expired.remaining_snapshots(),
                                                         expired.before.location, read);
  out["planned"] = json::object{{"data_files", plan.data_files.size()},
                                {"delete_files", plan.delete_files.size()},
                                {"manifests", plan.manifests.size()},
                                {"manifest_lists", plan.manifest_lists.size()}};
  if (!plan.not_planned.empty()) out["not_planned"] = plan.not_planned;
  if (!plan.outside_location.empty()) out["kept_outside_location"] = first_paths(plan.outside_location);

  // In the order that leaves a consistent remainder if the process stops:
  // the files first, the metadata that names them last.
  std::vector<std::string> order;
  for (const auto* list : {&plan.data_files, &plan.delete_files, &plan.manifests, &plan.manifest_lists})
    order.insert(order.end(), list->begin(), list->end());
  out["paths"] = first_paths(order);
  if (dry_run || order.empty()) return out;

  std::vector<std::string> problems(order.size());
  auto delete_batch = [&](std::size_t begin, std::size_t end) {
    on_threads(end - begin, [&](std::size_t i) {
      problems[begin + i] = plugin_support::delete_s3_object(io.endpoint, io.credentials, order[begin + i], kFileIoTimeout);
    });
  };
  std::size_t files = plan.data_files.size() + plan.delete_files.size();
  delete_batch(0, files);
  delete_batch(files, order.size());
  json::array failed;
  std::int64_t deleted = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (problems[i].empty()) {
      ++deleted;
    } else if (failed.size() < kListedPaths) {
      failed.push_back(json::object{{"path", order[i]}, {"problem", problems[i]}});
    }
  }
  out["deleted"] = deleted;
  if (!failed.empty()) out["failed"] = std::move(failed);
  return out;
}

}  // namespace floe::catalog_rest
