// read_dbt_manifest: streams target/manifest.json through Boost.JSON's SAX
// parser (basic_parser) in 1 MiB chunks. Real manifests reach hundreds of MB,
// mostly raw/compiled SQL and macros, so no DOM is built: a stack of context
// frames says where each event lands, strings are accumulated only where
// floe keeps them, and everything else (macros, docs, child_map, raw_code,
// ...) is consumed without a copy. Peak memory follows the kept data.
// A large manifest is read by two threads at once (split_parse below): the
// second starts in the middle of `nodes`, and the result is the serial one.
#include <boost/json/basic_parser_impl.hpp>  // the parser's template definitions: this is the one .cpp that includes them
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#include "base/deadline.hpp"
#include "base/helper_thread.hpp"

#include "base/input_file.hpp"
#include "dbt/dbt_diag.hpp"
#include "dbt/dbt_project.hpp"
#include "dbt/manifest_version.hpp"
#include "dbt/project_normalize.hpp"
#include "diag/codes.hpp"

namespace floe::dbt {
namespace {

namespace json = boost::json;
using boost::system::error_code;

enum class Ctx : std::uint8_t {
  root, metadata, nodes, node, node_config, node_tags, node_meta, config_meta, columns, column, column_config,
  column_tags, depends_on, depends_on_nodes, refs, ref_object, ref_array, node_sources, source_pair, test_metadata,
  test_kwargs, sources, source, capture, skip
};

// The keys the reader acts on, classified once per key event so that every
// later decision is an integer compare (string compares dominated the profile).
enum class Key : std::uint8_t {
  other, metadata, nodes, sources, dbt_schema_version, dbt_version, project_name, config, tags, meta, columns,
  depends_on, refs, test_metadata, kwargs, resource_type, name, package_name, original_file_path, patch_path,
  description, column_name, attached_node, materialized, namespace_, source_name
};

Key classify(std::string_view key) {
  // Same-length keys are common ("name", "path", "tags", "meta"...): compare
  // the first character before calling memcmp.
  struct Probe {
    std::string_view k;
    bool operator==(std::string_view literal) const { return k[0] == literal[0] && k == literal; }
  };
  const Probe k{key};
  using namespace std::string_view_literals;
  switch (key.size()) {
    case 4:
      if (k == "tags"sv) return Key::tags;
      if (k == "meta"sv) return Key::meta;
      if (k == "refs"sv) return Key::refs;
      if (k == "name"sv) return Key::name;
      break;
    case 5: return k == "nodes"sv ? Key::nodes : Key::other;
    case 6:
      if (k == "config"sv) return Key::config;
      if (k == "kwargs"sv) return Key::kwargs;
      break;
    case 7:
      if (k == "sources"sv) return Key::sources;
      if (k == "columns"sv) return Key::columns;
      break;
    case 8: return k == "metadata"sv ? Key::metadata : Key::other;
    case 9: return k == "namespace"sv ? Key::namespace_ : Key::other;
    case 10:
      if (k == "depends_on"sv) return Key::depends_on;
      if (k == "patch_path"sv) return Key::patch_path;
      break;
    case 11:
      if (k == "dbt_version"sv) return Key::dbt_version;
      if (k == "description"sv) return Key::description;
      if (k == "column_name"sv) return Key::column_name;
      if (k == "source_name"sv) return Key::source_name;
      break;
    case 12:
      if (k == "project_name"sv) return Key::project_name;
      if (k == "package_name"sv) return Key::package_name;
      if (k == "materialized"sv) return Key::materialized;
      break;
    case 13:
      if (k == "test_metadata"sv) return Key::test_metadata;
      if (k == "resource_type"sv) return Key::resource_type;
      if (k == "attached_node"sv) return Key::attached_node;
      break;
    case 18:
      if (k == "dbt_schema_version"sv) return Key::dbt_schema_version;
      if (k == "original_file_path"sv) return Key::original_file_path;
      break;
    default: break;
  }
  return Key::other;
}

// What one node of `nodes` leaves behind while it streams past; kept only if
// it turns out (at its end) to be a model or a test.
struct NodeScratch {
  // Clears for the next node but keeps string capacity: 100k+ nodes stream
  // through one scratch, and reallocating it per node showed in profiles.
  void reset() {
    for (std::string* f : {&unique_id, &resource_type, &name, &package_name, &original_file_path, &patch_path,
                           &description, &materialized, &column_name, &attached_node, &test_name, &test_namespace,
                           &kwargs_column_name}) {
      f->clear();
    }
    tags.clear();
    meta.clear();
    config_meta.clear();
    columns.clear();
    depends_on.clear();
    refs.clear();
    sources.clear();
  }

  std::string unique_id, resource_type, name, package_name, original_file_path, patch_path, description;
  std::string materialized, column_name, attached_node, test_name, test_namespace, kwargs_column_name;
  std::vector<std::string> tags;
  std::map<std::string, std::string> meta, config_meta;
  std::vector<DbtColumn> columns;
  std::vector<std::string> depends_on;
  std::vector<std::string> refs;
  std::vector<DbtSourceRef> sources;
};

struct SourceScratch {
  std::string source_name, name, package_name, original_file_path;
};

// Generic tests dbt synthesizes are named `<test>_<model>_<column>`; older
// manifests without test_metadata are recognized by that prefix.
std::string test_type_from_name(const std::string& name) {
  for (const char* known : {"not_null", "unique", "accepted_values", "relationships"}) {
    const std::string prefix = std::string(known) + "_";
    if (name.compare(0, prefix.size(), prefix) == 0) return known;
  }
  return "singular";
}

// "floe_enforce://models/x.yml" -> "models/x.yml"
std::string strip_package_prefix(const std::string& patch_path) {
  const auto pos = patch_path.find("://");
  return pos == std::string::npos ? patch_path : patch_path.substr(pos + 3);
}

class ManifestHandler {
 public:
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  explicit ManifestHandler(std::string root) : root_(std::move(root)) {}

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }

  bool on_object_begin(error_code& ec) { return begin_container(true, ec); }
  bool on_array_begin(error_code& ec) { return begin_container(false, ec); }
  bool on_object_end(std::size_t, error_code& ec) { return end_container(ec); }
  bool on_array_end(std::size_t, error_code& ec) { return end_container(ec); }

  bool on_key_part(json::string_view s, std::size_t n, error_code&) {
    in_token_ = true;
    if (top() == Ctx::skip) return true;
    if (n == s.size()) key_.clear();
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t n, error_code&) {
    in_token_ = false;
    if (top() == Ctx::skip) return true;
    if (n == s.size()) {
      key_.assign(s.data(), s.size());
    } else {
      key_.append(s.data(), s.size());
    }
    key_id_ = classify(key_);
    return true;
  }

  bool on_string_part(json::string_view s, std::size_t n, error_code&) {
    in_token_ = true;
    if (n == s.size()) {
      string_wanted_ = wants_string();
      string_.clear();
    }
    if (string_wanted_) string_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t n, error_code& ec) {
    in_token_ = false;
    if (n == s.size()) {  // the whole string in one piece: no copy unless kept
      if (!wants_string()) return true;
      return on_scalar_string(std::string_view(s.data(), s.size()), ec);
    }
    if (!string_wanted_) return true;
    string_.append(s.data(), s.size());
    return on_scalar_string(string_, ec);
  }

  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, error_code&) { return !in_meta() || on_scalar(json::value(i)); }
  bool on_uint64(std::uint64_t u, json::string_view, error_code&) { return !in_meta() || on_scalar(json::value(u)); }
  bool on_double(double d, json::string_view, error_code&) { return !in_meta() || on_scalar(json::value(d)); }
  bool on_bool(bool b, error_code&) { return !in_meta() || on_scalar(json::value(b)); }
  bool on_null(error_code&) { return !in_meta() || on_scalar(json::value(nullptr)); }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }

  // Results, valid after a complete parse.
  std::string schema_version, dbt_version, project_name;
  std::string version_error;  // set when metadata names a schema floe does not read
  bool saw_root_object = false;
  std::vector<DbtModel> models;
  std::vector<std::string> seeds;  // seed and snapshot names
  std::vector<std::string> model_packages;  // parallel to models
  std::vector<SourceScratch> sources;
  std::unordered_map<std::string, std::vector<DbtTest>> tests_by_node;

  // True between two members of the top-level `nodes` object: where the
  // document may be cut in two (split_parse).
  bool between_nodes() const {
    return stack_.size() == 2 && stack_[0] == Ctx::root && stack_[1] == Ctx::nodes && !in_token_;
  }

  // Adds what a handler that read the rest of the document (after this
  // one's part) found: the results are then those of one serial read.
  void append(ManifestHandler&& later) {
    for (auto [mine, theirs] : {std::pair{&schema_version, &later.schema_version},
                                std::pair{&dbt_version, &later.dbt_version},
                                std::pair{&project_name, &later.project_name},
                                std::pair{&version_error, &later.version_error}})
      if (mine->empty()) *mine = std::move(*theirs);
    for (auto& m : later.models) models.push_back(std::move(m));
    for (auto& s : later.seeds) seeds.push_back(std::move(s));
    for (auto& p : later.model_packages) model_packages.push_back(std::move(p));
    for (auto& s : later.sources) sources.push_back(std::move(s));
    for (auto& [node, tests] : later.tests_by_node) {
      auto& mine = tests_by_node[node];
      for (auto& t : tests) mine.push_back(std::move(t));
    }
  }

 private:
  Ctx top() const { return stack_.empty() ? Ctx::skip : stack_.back(); }
  bool in_meta() const {
    const Ctx t = top();
    return t == Ctx::node_meta || t == Ctx::config_meta || t == Ctx::capture;
  }

  bool begin_container(bool is_object, error_code&) {
    if (stack_.empty()) {
      saw_root_object = is_object;
      stack_.push_back(is_object ? Ctx::root : Ctx::skip);
      return true;
    }
    const Ctx child = child_context(top(), is_object);
    if (child == Ctx::node) {
      node_.reset();
      node_.unique_id = key_;
    } else if (child == Ctx::column) {
      column_.name = key_;
      column_.description.clear();
      column_.tags.clear();
    } else if (child == Ctx::ref_object || child == Ctx::ref_array || child == Ctx::source_pair) {
      parts_.clear();
    } else if (child == Ctx::source) {
      source_ = SourceScratch{};
    } else if (child == Ctx::capture) {
      if (top() != Ctx::capture) {  // the value of one meta key starts
        capture_key_ = key_;
        capture_target_ = top() == Ctx::config_meta ? &node_.config_meta : &node_.meta;
        capture_.clear();
      }
      capture_.push_back({is_object ? json::value(json::object()) : json::value(json::array()), key_});
    }
    stack_.push_back(child);
    return true;
  }

  Ctx child_context(Ctx parent, bool is_object) const {
    const Key k = key_id_;
    switch (parent) {
      case Ctx::root:
        if (!is_object) return Ctx::skip;
        if (k == Key::metadata) return Ctx::metadata;
        if (k == Key::nodes) return Ctx::nodes;
        if (k == Key::sources) return Ctx::sources;
        return Ctx::skip;
      case Ctx::nodes: return is_object ? Ctx::node : Ctx::skip;
      case Ctx::node:
        if (is_object) {
          if (k == Key::config) return Ctx::node_config;
          if (k == Key::meta) return Ctx::node_meta;
          if (k == Key::columns) return Ctx::columns;
          if (k == Key::depends_on) return Ctx::depends_on;
          if (k == Key::test_metadata) return Ctx::test_metadata;
        } else {
          if (k == Key::tags) return Ctx::node_tags;
          if (k == Key::refs) return Ctx::refs;
          if (k == Key::sources) return Ctx::node_sources;
        }
        return Ctx::skip;
      case Ctx::node_config:
        if (k == Key::tags && !is_object) return Ctx::node_tags;
        if (k == Key::meta && is_object) return Ctx::config_meta;
        return Ctx::skip;
      case Ctx::columns: return is_object ? Ctx::column : Ctx::skip;
      case Ctx::column:
        if (k == Key::tags && !is_object) return Ctx::column_tags;
        if (k == Key::config && is_object) return Ctx::column_config;
        return Ctx::skip;
      case Ctx::column_config: return k == Key::tags && !is_object ? Ctx::column_tags : Ctx::skip;
      case Ctx::depends_on: return k == Key::nodes && !is_object ? Ctx::depends_on_nodes : Ctx::skip;
      case Ctx::refs: return is_object ? Ctx::ref_object : Ctx::ref_array;  // v12 {name,package,version}; old [pkg?, name]
      case Ctx::node_sources: return is_object ? Ctx::skip : Ctx::source_pair;
      case Ctx::test_metadata: return k == Key::kwargs && is_object ? Ctx::test_kwargs : Ctx::skip;
      case Ctx::sources: return is_object ? Ctx::source : Ctx::skip;
      case Ctx::node_meta:
      case Ctx::config_meta:
      case Ctx::capture: return Ctx::capture;
      default: return Ctx::skip;
    }
  }

  bool end_container(error_code& ec) {
    const Ctx ended = top();
    stack_.pop_back();
    switch (ended) {
      case Ctx::metadata: return check_version(ec);
      case Ctx::node: finish_node(); break;
      case Ctx::column:
        node_.columns.push_back(std::move(column_));
        break;
      case Ctx::ref_object:
      case Ctx::ref_array:
        if (!parts_.empty()) node_.refs.push_back(parts_.back());
        break;
      case Ctx::source_pair:
        if (parts_.size() == 2) node_.sources.push_back({parts_[0], parts_[1]});
        break;
      case Ctx::source: sources.push_back(std::move(source_)); break;
      case Ctx::capture: {
        auto done = std::move(capture_.back());
        capture_.pop_back();
        if (capture_.empty()) {
          (*capture_target_)[capture_key_] = json::serialize(done.value);
        } else {
          insert_captured(std::move(done.value), done.key);
        }
        break;
      }
      default: break;
    }
    return true;
  }

  void insert_captured(json::value v, const std::string& key) {
    json::value& parent = capture_.back().value;
    if (parent.is_object()) {
      parent.get_object()[key] = std::move(v);
    } else {
      parent.get_array().push_back(std::move(v));
    }
  }

  bool wants_string() const {
    const Key k = key_id_;
    switch (top()) {
      case Ctx::metadata: return k == Key::dbt_schema_version || k == Key::dbt_version || k == Key::project_name;
      case Ctx::node:
        return k == Key::resource_type || k == Key::name || k == Key::package_name || k == Key::original_file_path ||
               k == Key::patch_path || k == Key::description || k == Key::column_name || k == Key::attached_node;
      case Ctx::node_config: return k == Key::materialized;
      case Ctx::column: return k == Key::name || k == Key::description;
      case Ctx::ref_object: return k == Key::name;
      case Ctx::test_metadata: return k == Key::name || k == Key::namespace_;
      case Ctx::test_kwargs: return k == Key::column_name;
      case Ctx::source:
        return k == Key::source_name || k == Key::name || k == Key::package_name || k == Key::original_file_path;
      case Ctx::node_tags:
      case Ctx::node_meta:
      case Ctx::config_meta:
      case Ctx::column_tags:
      case Ctx::depends_on_nodes:
      case Ctx::ref_array:
      case Ctx::source_pair:
      case Ctx::capture: return true;
      default: return false;
    }
  }

  // Called only for strings wants_string() accepted.
  bool on_scalar_string(std::string_view s, error_code& ec) {
    const Key k = key_id_;
    switch (top()) {
      case Ctx::metadata:
        if (k == Key::dbt_schema_version) {
          schema_version = s;
          return check_version(ec);
        }
        (k == Key::dbt_version ? dbt_version : project_name) = s;
        break;
      case Ctx::node: node_field(k) = s; break;
      case Ctx::node_config: node_.materialized = s; break;
      case Ctx::column: (k == Key::name ? column_.name : column_.description) = s; break;
      case Ctx::test_metadata: (k == Key::name ? node_.test_name : node_.test_namespace) = s; break;
      case Ctx::test_kwargs: node_.kwargs_column_name = s; break;
      case Ctx::source:
        (k == Key::source_name ? source_.source_name
         : k == Key::name      ? source_.name
         : k == Key::package_name ? source_.package_name
                                  : source_.original_file_path) = s;
        break;
      case Ctx::node_tags: node_.tags.emplace_back(s); break;
      case Ctx::column_tags: column_.tags.emplace_back(s); break;
      case Ctx::depends_on_nodes: node_.depends_on.emplace_back(s); break;
      case Ctx::ref_object: parts_.assign(1, std::string(s)); break;
      case Ctx::ref_array:
      case Ctx::source_pair: parts_.emplace_back(s); break;
      case Ctx::node_meta:
      case Ctx::config_meta:
      case Ctx::capture: return on_scalar(json::value(json::string_view(s.data(), s.size())));
      default: break;
    }
    return true;
  }

  std::string& node_field(Key k) {
    switch (k) {
      case Key::resource_type: return node_.resource_type;
      case Key::name: return node_.name;
      case Key::package_name: return node_.package_name;
      case Key::original_file_path: return node_.original_file_path;
      case Key::patch_path: return node_.patch_path;
      case Key::description: return node_.description;
      case Key::column_name: return node_.column_name;
      default: return node_.attached_node;
    }
  }

  // Non-string scalars matter only inside meta values.
  bool on_scalar(json::value v) {
    switch (top()) {
      case Ctx::node_meta: node_.meta[key_] = json::serialize(v); break;
      case Ctx::config_meta: node_.config_meta[key_] = json::serialize(v); break;
      case Ctx::capture: insert_captured(std::move(v), key_); break;
      default: break;
    }
    return true;
  }

  // Fails early on a schema version floe does not read, before streaming the rest.
  bool check_version(error_code& ec) {
    if (schema_version.empty()) return true;
    version_error = manifest_version_problem(schema_version);
    if (version_error.empty()) return true;
    ec = boost::system::errc::make_error_code(boost::system::errc::operation_canceled);
    return false;
  }

  void finish_node() {
    if (node_.resource_type == "model") {
      finish_model();
    } else if (node_.resource_type == "test") {
      finish_test();
    } else if (node_.resource_type == "seed" || node_.resource_type == "snapshot") {
      seeds.push_back(node_.name);
    }
  }

  void finish_model() {
    DbtModel m;
    m.unique_id = std::move(node_.unique_id);
    m.name = std::move(node_.name);
    m.path = std::move(node_.original_file_path);
    m.where = SourceLocation{project_path(root_, m.path), 1, 1};
    if (!node_.patch_path.empty()) {
      m.yml_where = SourceLocation{project_path(root_, strip_package_prefix(node_.patch_path)), 0, 0};
    }
    m.materialized = std::move(node_.materialized);
    m.description = std::move(node_.description);
    m.tags = std::move(node_.tags);  // node tags and config tags; normalize_project dedupes
    m.meta = std::move(node_.meta);
    for (auto& [k, v] : node_.config_meta) m.meta[k] = std::move(v);
    m.columns = std::move(node_.columns);
    const SourceLocation& column_where = m.yml_where.file.empty() ? m.where : m.yml_where;
    for (auto& c : m.columns) {  // column_location(m, c) is then column_where
      c.line = column_where.line;
      c.column = column_where.column;
    }
    const SourceLocation call_where{m.where.file, 0, 0};  // the manifest has no positions for calls
    m.refs = std::move(node_.refs);
    m.ref_locations.assign(m.refs.size(), call_where);
    m.sources = std::move(node_.sources);
    m.source_locations.assign(m.sources.size(), call_where);
    models.push_back(std::move(m));
    model_packages.push_back(std::move(node_.package_name));
  }

  // dbt's own rule: attached_node names the model a YAML test is declared
  // on; depends_on.nodes (which lists both models of a relationships test)
  // is only the fallback for singular tests and old manifests.
  void finish_test() {
    std::string owner = node_.attached_node;
    if (owner.empty()) {
      for (const auto& dep : node_.depends_on) {
        if (dep.compare(0, 6, "model.") == 0) {
          owner = dep;
          break;
        }
      }
    }
    if (owner.empty()) return;  // a test on a source or a seed
    DbtTest t;
    if (!node_.test_name.empty()) {
      t.type = node_.test_namespace.empty() ? node_.test_name : node_.test_namespace + "." + node_.test_name;
    } else {
      t.type = test_type_from_name(node_.name);
    }
    t.column_name = !node_.column_name.empty() ? node_.column_name : node_.kwargs_column_name;
    tests_by_node[owner].push_back(std::move(t));
  }

  std::string root_;
  bool in_token_ = false;  // inside a key or a string (events arrive in parts)
  std::vector<Ctx> stack_;
  std::string key_;
  Key key_id_ = Key::other;
  std::string string_;
  bool string_wanted_ = false;
  NodeScratch node_;
  DbtColumn column_;
  SourceScratch source_;
  std::vector<std::string> parts_;
  struct Captured {
    json::value value;
    std::string key;
  };
  std::vector<Captured> capture_;
  std::string capture_key_;
  std::map<std::string, std::string>* capture_target_ = nullptr;
};

// Line and column of byte `offset`, computed only when reporting an error
// (counting newlines while streaming would cost every successful read).
SourceLocation locate_offset(const std::string& path, std::uint64_t offset) {
  SourceLocation where{path, 1, 1};
  auto f = InputFile::open(path, InputRules{input_limits::kDbtManifest});
  if (!f) return where;
  std::vector<char> buffer(1 << 20);
  std::uint64_t seen = 0;
  while (seen < offset) {
    auto got = f->read(buffer.data(), buffer.size());
    const std::size_t n = got ? *got : 0;
    if (n == 0) break;
    for (std::size_t i = 0; i < n && seen < offset; ++i, ++seen) {
      if (buffer[i] == '\n') {
        ++where.line;
        where.column = 1;
      } else {
        ++where.column;
      }
    }
  }
  return where;
}

void manifest_error(Diagnostics& diags, const std::string& path, const std::string& message, SourceLocation where,
                    const std::string& hint) {
  diags.add(dbt_diag(Severity::error, codes::D003, message, std::move(where), path, hint));
}

std::string default_root(const std::string& manifest_path) {
  // <project>/target/manifest.json -> <project>
  const std::filesystem::path p(manifest_path);
  std::filesystem::path dir = p.parent_path();
  if (dir.filename() == "target") dir = dir.parent_path();
  return dir.empty() ? std::string(".") : dir.generic_string();
}

using Parser = json::basic_parser<ManifestHandler>;

json::parse_options parse_options() {
  json::parse_options options;
  options.max_depth = 1024;  // meta values and configs nest deeper than the default 32
  return options;
}

// One parser fed a byte range of the manifest.
struct Feed {
  std::optional<Error> read_error;
  error_code ec;
  std::uint64_t offset = 0;  // file offset of the next byte to parse (where an error is)
  bool failed() const { return read_error.has_value() || ec.failed(); }
};

constexpr std::size_t kChunk = std::size_t{1} << 20;
constexpr std::uint64_t kNoEnd = ~std::uint64_t{0};

// What ends a feed between two chunks: the caller's cancel, the split's own.
struct Stops {
  const std::atomic<bool>* cancel = nullptr;
  const std::atomic<bool>* split = nullptr;
  bool any() const {
    return (cancel && cancel->load(std::memory_order_relaxed)) || (split && split->load(std::memory_order_relaxed));
  }
};

// Feeds bytes [feed.offset, to) of `file` to `parser` (to the end of the
// file when `to` is kNoEnd).
bool feed_range(const InputFile& file, Parser& parser, Feed& feed, std::uint64_t to, std::vector<char>& buffer,
                Stops stops) {
  while (feed.offset < to) {
    if (stops.any()) return false;
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), to - feed.offset));
    auto got = file.read_at(feed.offset, buffer.data(), want);
    if (!got) {
      feed.read_error = std::move(got).error();
      return false;
    }
    const std::size_t n = *got;
    if (n == 0) break;
    const std::size_t used = parser.write_some(true, buffer.data(), n, feed.ec);
    feed.offset += used;
    if (feed.ec) return false;
    if (used < n) {  // the document ended before the data did
      feed.ec = json::error::extra_data;
      return false;
    }
  }
  return true;
}

bool finish(Parser& parser, Feed& feed) {
  parser.write_some(false, nullptr, 0, feed.ec);
  return !feed.ec;
}

// The whole manifest through one parser.
void serial_parse(const InputFile& file, Parser& parser, Feed& feed, Stops stops) {
  std::vector<char> buffer(kChunk);
  if (feed_range(file, parser, feed, kNoEnd, buffer, stops)) finish(parser, feed);
}

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where the second thread may start: the ',' of `}, "model.pkg.name": {`,
// the boundary between two members of `nodes` as every dbt writes it (the
// key is a unique_id: a resource type, a dot, the rest without escapes).
// Found by looking, not by parsing, so it is only a guess: the first
// thread checks it when its parse gets there.
std::optional<std::uint64_t> split_point(const InputFile& file, std::uint64_t from) {
  static constexpr std::string_view kTypes[] = {"model.", "test.", "seed.", "snapshot.", "analysis.", "operation.",
                                                "sql_operation.", "unit_test."};
  std::vector<char> window(kChunk);
  for (int tries = 0; tries < 8; ++tries, from += window.size() - 256) {
    auto got = file.read_at(from, window.data(), window.size());
    if (!got || *got == 0) return std::nullopt;
    const std::string_view w(window.data(), *got);
    for (std::size_t at = w.find('}'); at != std::string_view::npos; at = w.find('}', at + 1)) {
      std::size_t i = at + 1;
      while (i < w.size() && is_json_space(w[i])) ++i;
      if (i >= w.size() || w[i] != ',') continue;
      const std::size_t comma = i++;
      while (i < w.size() && is_json_space(w[i])) ++i;
      if (i >= w.size() || w[i] != '"') continue;
      const std::string_view key = w.substr(i + 1, 256);
      const bool typed = std::any_of(std::begin(kTypes), std::end(kTypes),
                                     [&](std::string_view t) { return key.substr(0, t.size()) == t; });
      const std::size_t close = key.find_first_of("\"\\");
      if (!typed || close == std::string_view::npos || key[close] != '"') continue;
      i += 1 + close + 1;
      while (i < w.size() && is_json_space(w[i])) ++i;
      if (i >= w.size() || w[i] != ':') continue;
      ++i;
      while (i < w.size() && is_json_space(w[i])) ++i;
      if (i >= w.size() || w[i] != '{') continue;
      return from + comma;
    }
  }
  return std::nullopt;
}

// Two threads, one result. The second parses from a guessed boundary
// between two `nodes` members to the end, as the document
// `{"nodes":{` + the rest; this thread parses up to the boundary, then
// checks that its parser is indeed between two `nodes` members there (so
// both halves read each byte exactly as one parser would) and closes its
// half with `}}`. A wrong guess costs the parallelism, not the result: this
// thread goes on alone. Any error in either half, and the whole manifest is
// read again serially, so diagnostics (and their offsets) are the serial
// reader's. Returns how many threads' parses make up the result (2, or 1
// after a wrong guess), 0 when the caller must parse serially.
int split_parse(const InputFile& file, Parser& first, const std::string& root, const std::atomic<bool>* cancel) {
  const auto cut = split_point(file, file.size() / 2);
  if (!cut) return 0;
  std::vector<char> buffer(kChunk);
  std::atomic<bool> stop{false};
  Parser second(parse_options(), root);
  Feed second_feed;
  second_feed.offset = *cut + 1;  // after the ','
  bool second_ok = false;
  HelperThread worker([&, deadline = current_deadline()] {
    DeadlineScope scope(deadline);
    std::vector<char> own(kChunk);
    static constexpr std::string_view kOpen = R"({"nodes":{)";
    second.write_some(true, kOpen.data(), kOpen.size(), second_feed.ec);
    second_ok = !second_feed.ec && feed_range(file, second, second_feed, kNoEnd, own, {cancel, &stop}) &&
                finish(second, second_feed);
  });
  Feed feed;
  const bool reached = feed_range(file, first, feed, *cut, buffer, {cancel});
  if (!reached || !first.handler().between_nodes()) {
    stop = true;
    worker.join();
    if (!reached) return 0;
    // Not a boundary after all: this thread reads the rest itself.
    return feed_range(file, first, feed, kNoEnd, buffer, {cancel}) && finish(first, feed) ? 1 : 0;
  }
  static constexpr std::string_view kClose = "}}";
  first.write_some(true, kClose.data(), kClose.size(), feed.ec);
  const bool first_ok = !feed.ec && finish(first, feed);
  worker.join();
  if (!first_ok || !second_ok) return 0;
  first.handler().append(std::move(second.handler()));
  return 2;
}

}  // namespace

bool read_dbt_manifest(const std::string& manifest_path, DbtProject& out, Diagnostics& diags,
                       const ManifestReadOptions& options) {
  const std::string rerun = "re-run `dbt parse` to regenerate it";
  // Legitimately hundreds of MB, so streamed, never held whole; but a regular
  // file (a FIFO or /dev/zero is refused at once) of at most 2 GiB.
  auto file = InputFile::open(manifest_path, InputRules{input_limits::kDbtManifest});
  if (!file) {
    const Error& e = file.error();
    const std::string problem = input_problem(e);
    if (problem == "missing")
      manifest_error(diags, manifest_path, "cannot open dbt manifest " + manifest_path,
                     SourceLocation{manifest_path, 0, 0}, "run `dbt parse` to create target/manifest.json");
    else
      manifest_error(diags, manifest_path, "cannot read dbt manifest " + manifest_path + ": " + e.message,
                     SourceLocation{manifest_path, 0, 0},
                     problem == "too_large" ? "floe reads manifests of up to " + describe_size(input_limits::kDbtManifest)
                                            : rerun);
    return false;
  }
  if (out.root.empty()) out.root = default_root(manifest_path);

  std::optional<Parser> parser(std::in_place, parse_options(), out.root);
  // Small manifests: one thread is faster than starting a second (tests
  // force the split with 0, also on one core).
  const int split = file->size() > options.split_above &&
                            (std::thread::hardware_concurrency() > 1 || options.split_above == 0)
                        ? split_parse(*file, *parser, out.root, options.cancel)
                        : 0;
  if (options.threads_used) *options.threads_used = split == 2 ? 2 : 1;
  Feed feed;
  if (split == 0) {
    parser.emplace(parse_options(), out.root);
    serial_parse(*file, *parser, feed, {options.cancel});
  }
  if (options.cancel && options.cancel->load()) {
    manifest_error(diags, manifest_path, "reading " + manifest_path + " was cancelled", SourceLocation{manifest_path, 0, 0},
                   rerun);
    return false;
  }
  if (feed.read_error) {
    manifest_error(diags, manifest_path, "cannot read dbt manifest " + manifest_path + ": " + feed.read_error->message,
                   SourceLocation{manifest_path, 0, 0},
                   input_problem(*feed.read_error) == "too_large"
                       ? "floe reads manifests of up to " + describe_size(input_limits::kDbtManifest)
                       : rerun);
    return false;
  }
  const error_code ec = feed.ec;
  const std::uint64_t offset = feed.offset;

  ManifestHandler& h = parser->handler();
  if (!h.version_error.empty()) {
    manifest_error(diags, manifest_path, manifest_path + ": " + h.version_error, SourceLocation{manifest_path, 0, 0},
                   "generate the manifest with dbt-core 1.5 or later");
    return false;
  }
  if (ec) {
    const bool truncated = ec == json::error::incomplete;
    manifest_error(diags, manifest_path,
                   (truncated ? "dbt manifest " + manifest_path + " ends early (truncated file)"
                              : "dbt manifest " + manifest_path + " is not valid JSON: " + ec.message()),
                   locate_offset(manifest_path, offset), rerun);
    return false;
  }
  if (!h.saw_root_object || h.schema_version.empty()) {
    manifest_error(diags, manifest_path, manifest_path + " is not a dbt manifest (no metadata.dbt_schema_version)",
                   SourceLocation{manifest_path, 1, 1}, rerun);
    return false;
  }

  out.origin = "manifest";
  out.dbt_version = h.dbt_version;
  if (!h.project_name.empty()) out.name = h.project_name;
  // Models of installed packages (dbt_packages/) are in the manifest too, but
  // floe enforces policy on the project's own models, as the file reader sees them.
  for (std::size_t i = 0; i < h.models.size(); ++i) {
    if (!h.project_name.empty() && h.model_packages[i] != h.project_name) continue;
    DbtModel& m = h.models[i];
    if (auto it = h.tests_by_node.find(m.unique_id); it != h.tests_by_node.end()) m.tests = std::move(it->second);
    out.models.push_back(std::move(m));
  }
  out.seeds = std::move(h.seeds);
  for (auto& s : h.sources) {
    if (!h.project_name.empty() && !s.package_name.empty() && s.package_name != h.project_name) continue;
    out.sources.push_back({std::move(s.source_name), std::move(s.name),
                           SourceLocation{project_path(out.root, s.original_file_path), 0, 0}});
  }
  normalize_project(out);
  return true;
}

}  // namespace floe::dbt
