#include "capi/artifact_request.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <stdexcept>

#include "capi/report_json.hpp"
#include "config/document_schema.hpp"
#include "base/json_text.hpp"
#include "diag/codes.hpp"
#include "diag/deadline_diagnostic.hpp"
#include "diag/diagnostic.hpp"
#include "schema/json_schema.hpp"

namespace floe {
namespace json = boost::json;

namespace {

// One operation of a request schema: its $defs entry, validated with the
// whole document as the root (so its "$ref": "#/$defs/..." resolve). Both
// point into the embedded schema, which lives as long as the process.
struct OperationSchema {
  std::string name;
  const json::value* entry;
  const json::value* root;
};

// The operations of a request schema, in the order of its top-level oneOf.
struct RequestSchema {
  std::vector<OperationSchema> operations;

  const OperationSchema* find(const std::string& name) const {
    for (const auto& op : operations)
      if (op.name == name) return &op;
    return nullptr;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& op : operations) out.push_back(op.name);
    return out;
  }
};

RequestSchema read_request_schema(const json::value& root) {
  RequestSchema out;
  const auto& defs = root.at("$defs").as_object();
  for (const auto& alternative : root.at("oneOf").as_array()) {
    std::string ref(alternative.at("$ref").as_string());  // "#/$defs/<entry>"
    std::string entry_name = ref.substr(ref.rfind('/') + 1);
    const json::value& entry = defs.at(entry_name);
    out.operations.push_back(
        OperationSchema{std::string(entry.at("properties").at("operation").at("const").as_string()), &entry, &root});
  }
  return out;
}

// Built once per kind; the schemas are the embedded docs/schemas files.
const RequestSchema& request_schema(std::string_view kind) {
  static std::mutex mutex;
  static std::map<std::string, RequestSchema, std::less<>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(kind);
  if (it == cache.end()) {
    const json::value* root = embedded_schema_json(kind);
    if (root == nullptr) throw std::logic_error(fmt::format("no embedded request schema '{}'", kind));
    it = cache.emplace(std::string(kind), read_request_schema(*root)).first;
  }
  return it->second;
}

// "compile, validate or migrate"
std::string either(const std::vector<std::string>& words) {
  if (words.size() < 2) return fmt::format("{}", fmt::join(words, ""));
  return fmt::format("{} or {}", fmt::join(words.begin(), words.end() - 1, ", "), words.back());
}

// closest_match, and what edit distance ranks too far for short keys: two
// neighbours swapped ("wirte") and a key given without its unit
// ("timeout" for "timeout_ms"), when only one candidate fits.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  if (std::string match = closest_match(word, candidates); !match.empty()) return match;
  std::vector<std::string> fits;
  for (const auto& c : candidates) {
    bool swapped = false;
    if (c.size() == word.size())
      for (std::size_t i = 0; i + 1 < word.size() && !swapped; ++i) {
        std::string w = word;
        std::swap(w[i], w[i + 1]);
        swapped = w == c;
      }
    bool prefix = word.size() >= 3 && c.size() > word.size() && c.compare(0, word.size(), word) == 0 && c[word.size()] == '_';
    if (swapped || prefix) fits.push_back(c);
  }
  return fits.size() == 1 ? fits.front() : std::string();
}

struct RequestProblem {
  std::string key;  // "request.registry_options.timeout_ms"
  std::string message;
  std::string did_you_mean;
};

Error invalid_request(const std::vector<RequestProblem>& problems) {
  std::vector<std::string> lines;
  json::array detail;
  for (const auto& p : problems) {
    lines.push_back(p.message);
    json::object o{{"key", p.key}, {"message", p.message}};
    if (!p.did_you_mean.empty()) o["did_you_mean"] = p.did_you_mean;
    detail.push_back(std::move(o));
  }
  return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("{}", fmt::join(lines, "; ")),
                    json::object{{"problems", std::move(detail)}});
}

Error invalid_request(std::string key, std::string message, std::string did_you_mean = {}) {
  return invalid_request({RequestProblem{std::move(key), std::move(message), std::move(did_you_mean)}});
}

std::string key_path(const std::string& path) { return path.empty() ? "request" : "request." + path; }

RequestProblem describe(const SchemaIssue& issue, const OperationSchema& op) {
  std::string key = key_path(issue.path);
  switch (issue.kind) {
    case SchemaIssueKind::missing_required: {
      // The key's title, when the schema gives one, says what it is for.
      std::string title;
      if (const auto* p = op.entry->at("properties").as_object().if_contains(issue.path))
        if (const auto* t = p->as_object().if_contains("title")) title = fmt::format(" ({})", std::string(t->as_string()));
      return {key, fmt::format("{}: \"{}\"{} is required", op.name, issue.path, title), {}};
    }
    case SchemaIssueKind::unknown_key: {
      std::string match = did_you_mean(issue.actual, issue.allowed);
      std::string message = match.empty() ? fmt::format("{}: unknown key; expected one of {}", key, fmt::join(issue.allowed, ", "))
                                          : fmt::format("{}: unknown key; did you mean '{}'?", key, match);
      return {key, std::move(message), std::move(match)};
    }
    case SchemaIssueKind::not_in_enum: {
      // issue.actual is the value as JSON; allowed values are unquoted.
      std::string value = issue.actual.size() >= 2 && issue.actual.front() == '"' ? issue.actual.substr(1, issue.actual.size() - 2)
                                                                                  : issue.actual;
      std::string match = did_you_mean(value, issue.allowed);
      std::string message = fmt::format("{}: {}", key, issue.message);
      if (!match.empty()) message += fmt::format(" (did you mean '{}'?)", match);
      return {key, std::move(message), std::move(match)};
    }
    default: return {key, fmt::format("{}: {}", key, issue.message), {}};
  }
}

// "api_version", before anything else: a request of another version may
// name operations and keys this library has never heard of.
std::optional<Error> check_api_version(const json::object& request) {
  const json::value* v = request.if_contains("api_version");
  if (v == nullptr) return std::nullopt;
  // Any JSON spelling of the number: 1, 1.0.
  if ((v->is_int64() && v->get_int64() == kApiVersion) || (v->is_uint64() && v->get_uint64() == kApiVersion) ||
      (v->is_double() && v->get_double() == static_cast<double>(kApiVersion)))
    return std::nullopt;
  return invalid_request("request.api_version",
                         fmt::format("request.api_version: {} is not supported; this library speaks api_version {}",
                                     serialize_json(*v), kApiVersion));
}

Result<const OperationSchema*> find_operation(const json::object& request, const RequestSchema& schema) {
  std::vector<std::string> names = schema.names();
  const json::value* v = request.if_contains("operation");
  if (v == nullptr)
    return invalid_request("request.operation",
                           fmt::format("request.operation is missing: expected {}", either(names)));
  if (!v->is_string())
    return invalid_request("request.operation", fmt::format("request.operation: expected a string ({}), got {}",
                                                            either(names), json_type_name(*v)));
  std::string name(v->get_string());
  if (const OperationSchema* op = schema.find(name)) return op;
  std::string match = did_you_mean(name, names);
  std::string message = fmt::format("request.operation: unknown operation '{}': expected {}", name, either(names));
  if (!match.empty()) message += fmt::format(" (did you mean '{}'?)", match);
  return invalid_request("request.operation", std::move(message), std::move(match));
}

}  // namespace

Result<OperationRequest> parse_operation_request(std::string_view request_json, std::string_view schema_kind) {
  auto parsed = parse_json(request_json, "request");
  if (!parsed) return std::move(parsed).error();
  if (!parsed->is_object()) return invalid_request("request", "request: expected a JSON object");
  json::object& request = parsed->as_object();
  if (auto error = check_api_version(request)) return std::move(*error);
  const RequestSchema& schema = request_schema(schema_kind);
  auto op = find_operation(request, schema);
  if (!op) return std::move(op).error();
  std::vector<RequestProblem> problems;
  for (const auto& issue : validate_against_schema(*(*op)->root, *(*op)->entry, *parsed)) problems.push_back(describe(issue, **op));
  if (!problems.empty()) return invalid_request(problems);
  apply_schema_defaults(*(*op)->entry, *parsed);
  return OperationRequest{(*op)->name, std::move(request)};
}

void read_key(const json::object& o, std::string_view key, std::string& field) {
  if (o.contains(key)) field = std::string(o.at(key).as_string());
}

void read_key(const json::object& o, std::string_view key, bool& field) {
  if (o.contains(key)) field = o.at(key).as_bool();
}

void read_key(const json::object& o, std::string_view key, std::vector<std::string>& field) {
  if (!o.contains(key)) return;
  field.clear();
  for (const auto& s : o.at(key).as_array()) field.emplace_back(s.as_string());
}

void read_key(const json::object& o, std::string_view key, std::int64_t& field) {
  if (o.contains(key)) field = json::value_to<std::int64_t>(o.at(key));
}

oci::ArtifactOptions artifact_options_from_request(const json::object& request) {
  oci::ArtifactOptions options;
  const json::value* ro = request.if_contains("registry_options");
  if (ro == nullptr) return options;
  const json::object& o = ro->as_object();
  auto& r = options.registry;
  read_key(o, "insecure", r.insecure_tls);
  read_key(o, "ca_file", r.ca_file);
  bool plain_http = false;
  read_key(o, "plain_http", plain_http);
  // Asking for a CA or for unverified TLS means the registry speaks TLS,
  // loopback ones included (they use plain HTTP otherwise).
  if (plain_http)
    r.scheme = oci::RegistryOptions::Scheme::http;
  else if (r.insecure_tls || !r.ca_file.empty())
    r.scheme = oci::RegistryOptions::Scheme::https;
  read_key(o, "username", r.username);
  read_key(o, "password", r.password);
  read_key(o, "token", r.token);
  read_key(o, "timeout_ms", r.timeout_ms);
  read_key(o, "connect_timeout_ms", r.connect_timeout_ms);
  read_key(o, "retries", r.max_retries);
  read_key(o, "cache_dir", options.cache_root);
  return options;
}

DeadlineHandle deadline_of(const json::object& request) {
  std::int64_t ms = 0;
  read_key(request, "deadline_ms", ms);
  return ms > 0 ? make_deadline(ms) : nullptr;
}

void note_deadline(CompileReport& report) {
  if (!deadline_stopped_something()) return;
  for (const auto& d : report.diagnostics.items())
    if (d.code == codes::L001) return;
  const DeadlineHandle deadline = current_deadline();
  auto& items = report.diagnostics.items();
  items.insert(items.begin(), deadline_diagnostic(deadline ? deadline->limit_ms : 0));
  report.outcome = outcome_from(report.diagnostics);
  if (!report.stages.empty()) report.stages.back().ok = false;
}

std::string operation_report(const CompileReport& report, json::value result, json::value cache,
                             std::string_view sarif_text) {
  const json::object head{{"api_version", kApiVersion}};  // first, so a reader sees it before anything else
  json::object tail;
  if (!result.is_null()) tail["result"] = std::move(result);
  if (!cache.is_null()) tail["cache"] = std::move(cache);
  return compile_report_json_text(report, head, tail, sarif_text);
}

}  // namespace floe
