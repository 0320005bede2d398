#include "data_file_commit.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog_operations.hpp"
#include "data_file_footers.hpp"
#include "floe/plugin.hpp"
#include "iceberg/error.hpp"
#include "iceberg/manifest_files.hpp"
#include "iceberg/metadata.hpp"
#include "iceberg/overwrite.hpp"
#include "table_file_io.hpp"
#include "vended_file_io.hpp"

namespace floe::catalog_rest {
namespace {

namespace json = boost::json;
using floe::sdk::error;

int64_t integer_at(const json::object& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->value().is_int64() || it->value().get_int64() < 0)
    throw error(FLOE_ERR_INVALID_ARGUMENT, where + "." + key + ": expected a non-negative integer");
  return it->value().get_int64();
}

// A count the request may leave out (-1 then).
int64_t optional_count(const json::object& object, const char* key, const std::string& where) {
  return object.contains(key) ? integer_at(object, key, where) : -1;
}

struct TableRequest {
  iceberg::TableIdentifier id;
  int schema_id = 0;
  std::vector<iceberg::DataFile> files;
  iceberg::Properties properties;
  // The table as the host loaded it (load_table's "metadata"), planned
  // against instead of loading it again; the commit's requirements (table
  // uuid, main's snapshot, schema, spec) still assert it is current.
  std::optional<iceberg::TableMetadata> metadata;
};

std::vector<TableRequest> table_requests(const json::object& request) {
  auto it = request.find("tables");
  if (it == request.end() || !it->value().is_array() || it->value().get_array().empty())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'tables': expected a non-empty list of tables");
  std::vector<TableRequest> out;
  for (const auto& item : it->value().get_array()) {
    if (!item.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'tables': each item must be a JSON object");
    const json::object& t = item.get_object();
    TableRequest table;
    table.id = parse_table_identifier(floe::sdk::required_string(t, "identifier"), "tables[].identifier");
    const std::string where = "tables[" + table.id.str() + "]";
    for (const auto& seen : out)
      if (seen.id == table.id) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'tables': " + table.id.str() + " is listed twice");
    table.schema_id = static_cast<int>(integer_at(t, "schema_id", where));
    auto files = t.find("files");
    if (files == t.end() || !files->value().is_array())
      throw error(FLOE_ERR_INVALID_ARGUMENT, where + ".files: expected a list of data files");
    for (const auto& f : files->value().get_array()) {
      if (!f.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, where + ".files: each item must be a JSON object");
      iceberg::DataFile file;
      file.path = floe::sdk::required_string(f.get_object(), "path");
      // Optional since ABI 1.9: -1 (a request's are never negative) until
      // read_footer takes them from the file itself.
      file.record_count = optional_count(f.get_object(), "record_count", where + ".files[]");
      file.file_size_in_bytes = optional_count(f.get_object(), "file_size_in_bytes", where + ".files[]");
      table.files.push_back(std::move(file));
    }
    if (auto p = t.find("properties"); p != t.end() && !p->value().is_null()) {
      if (!p->value().is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, where + ".properties: expected a JSON object");
      table.properties = strings_of(p->value().get_object(), "properties");
    }
    if (auto m = t.find("metadata"); m != t.end() && !m->value().is_null()) {
      if (!m->value().is_object())
        throw error(FLOE_ERR_INVALID_ARGUMENT, where + ".metadata: expected the table's metadata (a JSON object)");
      try {
        table.metadata = iceberg::parse_table_metadata(m->value(), where + ".metadata");
      } catch (const iceberg::Error& e) {
        throw error(FLOE_ERR_INVALID_ARGUMENT, e.what());
      }
    }
    out.push_back(std::move(table));
  }
  return out;
}

// A data file must lie in the table's own data directory: a commit never
// makes a table read (or, on expiry, delete) another table's files.
void require_inside(const TableRequest& table, const std::string& directory) {
  for (const auto& f : table.files) {
    bool inside = f.path.size() > directory.size() + 1 && f.path.compare(0, directory.size(), directory) == 0 &&
                  f.path[directory.size()] == '/' && f.path.find("/../") == std::string::npos &&
                  f.path.find("/./") == std::string::npos;
    for (unsigned char c : f.path) inside = inside && c >= 0x20 && c != 0x7f;
    if (!inside)
      throw error(FLOE_ERR_INVALID_ARGUMENT, table.id.str() + ": the data file '" + f.path + "' is not in the table's "
                                             "data directory " + directory + "; no table changed");
  }
}

// A file the commit writes, through its table's FileIo.
struct FileToWrite {
  std::string uri;
  std::string bytes;
  const FileIo* io;
};

// Writes every file; the first problem, or "".
std::string write_all(const std::vector<FileToWrite>& files) {
  std::vector<std::string> problems(files.size());
  on_threads(files.size(), [&](std::size_t i) {
    problems[i] = plugin_support::put_s3_object(files[i].io->endpoint, files[i].io->credentials, files[i].uri,
                                                files[i].bytes, kFileIoTimeout);
  });
  for (const auto& p : problems)
    if (!p.empty()) return p;
  return "";
}

// Every table's metadata and the FileIo its files go through, several
// tables at a time, each table loaded at most once: the metadata is the
// host's where it sent it; a table is loaded when it sent none, or when the
// storage's FileIO has no keys (then asking for the keys the catalog vends
// with it, vended_file_io.hpp). Rethrows the first table's error (in the
// tables' order).
struct LoadedTables {
  std::vector<iceberg::TableMetadata> metadata;
  std::vector<FileIo> ios;
};

LoadedTables load_all(iceberg::RestCatalog& catalog, std::vector<TableRequest>& tables, const FileIo& io) {
  LoadedTables out{std::vector<iceberg::TableMetadata>(tables.size()), std::vector<FileIo>(tables.size(), io)};
  std::vector<std::exception_ptr> errors(tables.size());
  on_threads(tables.size(), [&](std::size_t i) {
    try {
      std::optional<iceberg::LoadTableResult> table;
      if (!io.credentials) {
        table = catalog.load_table_with_credentials(tables[i].id);
        out.ios[i] = vended_file_io(io, *table, table->metadata.location);
      } else if (!tables[i].metadata) {
        table = catalog.load_table(tables[i].id);
      }
      out.metadata[i] = tables[i].metadata ? std::move(*tables[i].metadata) : std::move(table->metadata);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

// The files the current snapshot of `table` holds, which the overwrite
// lists as DELETED. A store that cannot be read fails the commit (its
// writes would fail too); a snapshot floe cannot list (a codec, a
// partitioned spec) is committed without the list, and `unlisted` says why.
struct Replaced {
  std::optional<std::vector<iceberg::LiveFile>> files;
  std::string unlisted;
  std::string store_problem;
};

Replaced read_replaced(const iceberg::TableMetadata& table, const FileIo& io) {
  Replaced out;
  auto main = table.refs.find("main");
  const iceberg::Snapshot* current = main == table.refs.end() ? nullptr : table.snapshot(main->second.snapshot_id);
  if (current == nullptr) {
    out.files.emplace();  // no snapshot: nothing is replaced
    return out;
  }
  if (current->manifest_list.empty()) {
    out.unlisted = "its snapshot " + std::to_string(current->snapshot_id) + " lists its manifests inline (format v1)";
    return out;
  }
  auto fetch = [&](const std::string& uri, std::string& bytes) {
    plugin_support::S3Object object =
        plugin_support::get_s3_object(io.endpoint, io.credentials, uri, kFileIoTimeout, kMaxManifestBytes);
    if (!object.problem.empty()) out.store_problem = object.problem;
    bytes = std::move(object.bytes);
    return object.problem.empty();
  };
  try {
    std::string list_bytes;
    if (!fetch(current->manifest_list, list_bytes)) return out;
    std::vector<iceberg::LiveFile> files;
    for (const auto& manifest : iceberg::read_manifest_list(list_bytes, current->manifest_list)) {
      if (!iceberg::may_hold_live_files(manifest)) continue;
      if (std::string why = iceberg::unlistable(table, manifest); !why.empty()) {
        out.unlisted = why;
        return out;
      }
      std::string manifest_bytes;
      if (!fetch(manifest.path, manifest_bytes)) return out;
      for (auto& f : iceberg::read_live_files(manifest_bytes, manifest)) files.push_back(std::move(f));
    }
    out.files = std::move(files);
  } catch (const iceberg::Error& e) {
    out.unlisted = e.what();
  }
  return out;
}

std::vector<Replaced> read_replaced_all(const std::vector<iceberg::TableMetadata>& tables, const std::vector<FileIo>& ios) {
  std::vector<Replaced> out(tables.size());
  on_threads(tables.size(), [&](std::size_t i) {
    try {
      out[i] = read_replaced(tables[i], ios[i]);
    } catch (const std::exception& e) {
      out[i].store_problem = e.what();
    }
  });
  return out;
}

}  // namespace

json::object commit_data_files(iceberg::RestCatalog& catalog, const json::object& request, const floe::sdk::host& host,
                               int64_t now_ms) {
  std::vector<TableRequest> tables = table_requests(request);
  FileIo io = file_io(request, host);
  std::string tag;
  if (auto it = request.find("tag"); it != request.end() && it->value().is_string()) tag = std::string(it->value().get_string());
  if (tag.size() > 64 || !std::all_of(tag.begin(), tag.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      }))
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'tag': expected up to 64 letters, digits, '-' or '_'");

  std::vector<iceberg::RestCatalog::TableChange> changes;
  std::vector<FileToWrite> files;
  json::array answers;
  auto [loaded, ios] = load_all(catalog, tables, io);
  for (std::size_t t = 0; t < tables.size(); ++t) require_inside(tables[t], iceberg::data_directory(loaded[t]));
  {
    std::vector<std::string> names;
    std::vector<const iceberg::Schema*> schemas;
    std::vector<std::vector<iceberg::DataFile>*> files_of;
    for (std::size_t t = 0; t < tables.size(); ++t) {
      names.push_back(tables[t].id.str());
      const iceberg::Schema* schema = nullptr;
      for (const auto& s : loaded[t].schemas)
        if (s.schema_id == tables[t].schema_id) schema = &s;
      schemas.push_back(schema);  // none: plan_overwrite refuses the table below
      files_of.push_back(&tables[t].files);
    }
    read_all_footers(names, schemas, files_of, ios);
  }
  std::vector<Replaced> replaced = read_replaced_all(loaded, ios);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const TableRequest& table = tables[t];
    const iceberg::TableMetadata& metadata = loaded[t];
    if (!replaced[t].store_problem.empty())
      throw error(FLOE_ERR_UNAVAILABLE, table.id.str() + ": " + replaced[t].store_problem + "; no table changed");
    iceberg::OverwriteOptions options;
    options.schema_id = table.schema_id;
    options.properties = table.properties;
    options.file_tag = tag;
    options.now_ms = now_ms;
    options.replaced_files = replaced[t].files;
    iceberg::OverwritePlan plan = iceberg::plan_overwrite(metadata, table.files, options);
    if (!plan.commit) throw error(FLOE_ERR_INVALID_STATE, table.id.str() + ": " + plan.problem + "; no table changed");
    for (const auto& [uri, bytes] : plan.files) {
      std::string bucket, key;
      if (!plugin_support::split_s3_uri(uri, bucket, key))
        throw error(FLOE_ERR_INVALID_STATE, table.id.str() + ": its metadata goes to " + uri +
                                                ", and this plugin writes to S3 (s3://) only; no table changed");
    }
    json::object answer{{"identifier", table.id.str()}, {"snapshot_id", plan.snapshot_id}};
    if (plan.replaced_snapshot) answer["replaced_snapshot"] = *plan.replaced_snapshot;
    if (replaced[t].files) answer["deleted_files"] = static_cast<int64_t>(replaced[t].files->size());
    else answer["deleted_files_unlisted"] = replaced[t].unlisted;
    answers.push_back(std::move(answer));
    for (auto& [uri, bytes] : plan.files) files.push_back({std::move(uri), std::move(bytes), &ios[t]});
    changes.push_back({table.id, std::move(*plan.commit)});
  }
  if (std::string problem = write_all(files); !problem.empty())
    throw error(FLOE_ERR_UNAVAILABLE, problem + "; no table changed");

  if (catalog.offers_transactions()) {
    try {
      catalog.commit_transaction(changes);
    } catch (const iceberg::Error& e) {
      if (e.kind() != iceberg::ErrorKind::conflict) throw;
      throw error(FLOE_ERR_CONFLICT, std::string("another writer changed one of the tables since they were loaded (the "
                                                 "catalog refused the multi-table commit: ") +
                                         e.what() + "); no table changed");
    }
    return {{"commit", "multi-table"}, {"tables", std::move(answers)}};
  }
  std::string committed;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    try {
      auto result = catalog.commit_table(changes[i].id, changes[i].commit);
      answers[i].as_object()["metadata_location"] = result.metadata_location;
    } catch (const iceberg::Error& e) {
      if (e.kind() != iceberg::ErrorKind::conflict) throw;
      throw error(FLOE_ERR_CONFLICT, "another writer changed " + changes[i].id.str() + " since it was loaded (" +
                                         e.what() + "); " +
                                         (committed.empty() ? "no table changed" : "already committed: " + committed));
    }
    committed += (committed.empty() ? "" : ", ") + changes[i].id.str();
  }
  return {{"commit", "per-table"}, {"tables", std::move(answers)}};
}

}  // namespace floe::catalog_rest
