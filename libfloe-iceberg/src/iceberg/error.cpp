#include "iceberg/error.hpp"

namespace floe::iceberg {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_argument: return "invalid_argument";
    case ErrorKind::malformed: return "malformed";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::already_exists: return "already_exists";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::unauthorized: return "unauthorized";
    case ErrorKind::forbidden: return "forbidden";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::server: return "server_error";
    case ErrorKind::commit_state_unknown: return "commit_state_unknown";
    case ErrorKind::unsupported: return "unsupported";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

floe_status to_status(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_argument: return FLOE_ERR_INVALID_ARGUMENT;
    case ErrorKind::malformed: return FLOE_ERR_INVALID_ARGUMENT;
    case ErrorKind::not_found: return FLOE_ERR_NOT_FOUND;
    case ErrorKind::already_exists: return FLOE_ERR_ALREADY_EXISTS;
    case ErrorKind::conflict: return FLOE_ERR_CONFLICT;
    case ErrorKind::unauthorized: return FLOE_ERR_UNAUTHORIZED;
    case ErrorKind::forbidden: return FLOE_ERR_UNAUTHORIZED;
    case ErrorKind::unavailable: return FLOE_ERR_UNAVAILABLE;
    case ErrorKind::timeout: return FLOE_ERR_TIMEOUT;
    case ErrorKind::server: return FLOE_ERR_UNAVAILABLE;
    case ErrorKind::commit_state_unknown: return FLOE_ERR_UNAVAILABLE;
    case ErrorKind::unsupported: return FLOE_ERR_NOT_IMPLEMENTED;
    case ErrorKind::internal: return FLOE_ERR_INTERNAL;
  }
  return FLOE_ERR_INTERNAL;
}

std::string describe(const ErrorInfo& info) {
  std::string out = info.operation.empty() ? std::string("iceberg") : info.operation;
  if (!info.identifier.empty()) out += " " + info.identifier;
  out += " failed: ";
  std::string reason;
  switch (info.kind) {
    case ErrorKind::unavailable: reason = "the catalog could not be reached"; break;
    case ErrorKind::timeout: reason = "the catalog did not answer in time"; break;
    case ErrorKind::unauthorized: reason = "not authorized"; break;
    case ErrorKind::forbidden: reason = "forbidden"; break;
    case ErrorKind::conflict: reason = "commit conflict"; break;
    case ErrorKind::commit_state_unknown: reason = "the commit state is unknown (it may or may not have been applied)"; break;
    case ErrorKind::malformed: reason = "malformed"; break;
    case ErrorKind::not_found: reason = "not found"; break;
    case ErrorKind::already_exists: reason = "already exists"; break;
    case ErrorKind::server: reason = "catalog server error"; break;
    case ErrorKind::unsupported: reason = "not supported by the catalog"; break;
    case ErrorKind::invalid_argument: reason = "invalid argument"; break;
    case ErrorKind::internal: reason = "internal error"; break;
  }
  out += reason;
  if (info.http_status != 0) out += " (HTTP " + std::to_string(info.http_status) + ")";
  if (!info.location.empty()) out += " at " + info.location;
  if (!info.catalog_type.empty() || !info.catalog_message.empty()) {
    out += ": ";
    if (!info.catalog_type.empty()) out += info.catalog_type;
    if (!info.catalog_type.empty() && !info.catalog_message.empty()) out += ": ";
    out += info.catalog_message;
  }
  if (!info.detail.empty()) out += (info.catalog_type.empty() && info.catalog_message.empty() ? ": " : "; ") + info.detail;
  if (!info.principal.empty() && (info.kind == ErrorKind::forbidden || info.kind == ErrorKind::unauthorized))
    out += "; principal (client id) '" + info.principal + "'";
  if (!info.uri.empty()) out += "; URI " + info.uri;
  return out;
}

Error::Error(ErrorInfo info) : std::runtime_error(describe(info)), info_(std::move(info)) {}

void throw_malformed_file(const std::string& operation, const std::string& uri, const std::string& detail) {
  ErrorInfo info;
  info.kind = ErrorKind::malformed;
  info.operation = operation;
  info.uri = uri;
  info.detail = detail;
  throw Error(std::move(info));
}

}  // namespace floe::iceberg
