#include "branch_publish.hpp"

#include <string>
#include <vector>

#include "catalog_operations.hpp"
#include "floe/plugin.hpp"
#include "iceberg/fast_forward.hpp"

namespace floe::catalog_rest {
namespace {

namespace json = boost::json;
using floe::sdk::error;

// Iceberg's rule for a ref name is only "not empty"; floe's branches are
// plain words, and a name with control characters would reach messages.
std::string checked_ref(const json::object& request, std::string_view key, const char* fallback) {
  auto it = request.find(key);
  if (it == request.end() || it->value().is_null()) {
    if (fallback != nullptr) return fallback;
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "' is required");
  }
  if (!it->value().is_string()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': expected a string");
  std::string name(it->value().get_string());
  if (name.empty() || name.size() > 255)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': expected a ref name of 1 to 255 characters");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': a control character");
  return name;
}

std::vector<iceberg::TableIdentifier> checked_tables(const json::object& request) {
  auto it = request.find("tables");
  if (it == request.end() || !it->value().is_array() || it->value().get_array().empty())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'tables': expected a non-empty list of table identifiers");
  std::vector<iceberg::TableIdentifier> out;
  for (const auto& t : it->value().get_array()) {
    if (!t.is_string()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'tables': each item must be a string");
    auto id = parse_table_identifier(std::string(t.get_string()), "tables");
    for (const auto& seen : out)
      if (seen == id) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'tables': " + id.str() + " is listed twice");
    out.push_back(std::move(id));
  }
  return out;
}

json::object table_answer(const iceberg::TableIdentifier& id, const iceberg::FastForward& plan) {
  json::object o{{"identifier", id.str()}, {"to_snapshot", plan.to_snapshot}};
  if (plan.from_snapshot != 0) o["from_snapshot"] = plan.from_snapshot;
  return o;
}

}  // namespace

json::object fast_forward_branches(iceberg::RestCatalog& catalog, const json::object& request) {
  std::string branch = checked_ref(request, "branch", nullptr);
  std::string target = checked_ref(request, "target", "main");
  if (branch == target) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'branch': the branch is the target ('" + target + "')");
  auto ids = checked_tables(request);

  std::vector<iceberg::RestCatalog::TableChange> changes;
  json::array answers;
  for (const auto& id : ids) {
    auto plan = iceberg::plan_fast_forward(catalog.load_table(id).metadata, branch, target);
    if (!plan.commit)
      throw error(plan.conflict ? FLOE_ERR_CONFLICT : FLOE_ERR_NOT_FOUND,
                  id.str() + ": " + plan.problem + "; no table changed");
    answers.push_back(table_answer(id, plan));
    changes.push_back({id, std::move(*plan.commit)});
  }

  if (catalog.offers_transactions()) {
    try {
      catalog.commit_transaction(changes);
    } catch (const iceberg::Error& e) {
      if (e.kind() != iceberg::ErrorKind::conflict) throw;
      throw error(FLOE_ERR_CONFLICT, std::string("another writer committed to one of the tables' '") + target +
                                         "' while it was published (the catalog refused the multi-table commit: " +
                                         e.what() + "); no table changed");
    }
    return {{"commit", "multi-table"}, {"tables", std::move(answers)}};
  }
  std::string published;
  for (const auto& change : changes) {
    try {
      catalog.commit_table(change.id, change.commit);
    } catch (const iceberg::Error& e) {
      if (e.kind() != iceberg::ErrorKind::conflict) throw;
      throw error(FLOE_ERR_CONFLICT, "another writer committed to " + change.id.str() + "'s '" + target +
                                         "' while it was published (" + e.what() + "); " +
                                         (published.empty() ? "no table changed" : "already published: " + published));
    }
    published += (published.empty() ? "" : ", ") + change.id.str();
  }
  return {{"commit", "per-table"}, {"tables", std::move(answers)}};
}

}  // namespace floe::catalog_rest
