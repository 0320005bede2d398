#include "resolve/resolver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "base/paths.hpp"
#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "resolve/governance_view.hpp"
#include "resolve/platform_defaults.hpp"
#include "resolve/tier_merge.hpp"

namespace floe {
namespace fs = std::filesystem;

namespace {

// A chain is at most product -> domain -> enterprise; anything longer is a
// misconfiguration long before it is a cycle.
constexpr std::size_t kMaxChain = 8;

// Loads the leaf and follows parent_manifest upwards. Returns the tiers root
// first, or nothing after reporting a missing parent or a cycle.
std::optional<std::vector<Tier>> load_chain(const std::string& ref, const std::string& base_dir,
                                            const SourceLocation& from, const PlatformSourceOptions& options,
                                            Diagnostics& diags) {
  std::vector<Tier> chain;
  auto leaf = load_tier(ref, base_dir, from, options, diags);
  if (!leaf) return std::nullopt;
  chain.push_back(std::move(*leaf));
  while (!chain.back().parent_ref.empty()) {
    const Tier& child = chain.back();
    SourceLocation at = child.doc.at("parent_manifest");
    auto parent = load_tier(child.parent_ref, directory_of(child.source), at, options, diags);
    if (!parent) return std::nullopt;
    std::string id = tier_identity(*parent);
    auto seen = std::find_if(chain.begin(), chain.end(), [&](const Tier& t) { return tier_identity(t) == id; });
    if (seen != chain.end() || chain.size() >= kMaxChain) {
      std::vector<std::string> names;
      for (auto it = seen == chain.end() ? chain.begin() : seen; it != chain.end(); ++it) names.push_back(it->source);
      names.push_back(parent->source);
      diags.add(make_diagnostic(codes::I402, "inheritance",
                              fmt::format("parent_manifest references form a cycle: {}", fmt::join(names, " -> ")),
                              at, "a chain domain -> enterprise that ends at an enterprise manifest",
                              "point parent_manifest of a domain at its enterprise manifest"));
      return std::nullopt;
    }
    chain.push_back(std::move(*parent));
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

// The shapes ADR-0038 allows: [platform], [enterprise], [enterprise, domain],
// or one compiled platform (already resolved).
bool check_chain_shape(const std::vector<Tier>& chain, Diagnostics& diags) {
  bool ok = true;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    const Tier& parent = chain[i - 1];
    const Tier& child = chain[i];
    if (parent.kind != TierKind::enterprise) {
      diags.add(make_diagnostic(
          codes::I403, "inheritance",
          fmt::format("parent_manifest of {} '{}' is {} manifest '{}', not an enterprise manifest",
                      tier_kind_name(child.kind), child.name, tier_kind_name(parent.kind), parent.name),
          child.doc.at("parent_manifest"), "a manifest with scope: enterprise",
          "point parent_manifest at the enterprise manifest (scope: enterprise)"));
      ok = false;
    }
  }
  return ok;
}

ChainLink link_of(const Tier& t) {
  return ChainLink{tier_kind_name(t.kind), t.name, t.version, t.ref, t.source, t.sha256};
}

void adopt_compiled_chain(const Tier& t, ResolvedPlatform& out) {
  for (const auto& entry : t.compiled_chain) {
    if (!entry.is_object()) continue;
    const auto& e = entry.as_object();
    out.chain.push_back(ChainLink{string_at(e, {"tier"}), string_at(e, {"name"}), string_at(e, {"version"}),
                                  string_at(e, {"ref"}), string_at(e, {"source"}), string_at(e, {"sha256"})});
  }
  if (out.chain.empty()) {
    out.chain.push_back(link_of(t));
  } else if (!t.ref.empty()) {
    // The compiled platform is known to this chain by the reference that
    // named it (oci://..., a directory), not by the path it was compiled from.
    out.chain.back().ref = t.ref;
  }
}

}  // namespace

bool resolve_platform(const std::string& ref, const std::string& base_dir, const SourceLocation& from,
                      const PlatformSourceOptions& options, ResolvedPlatform& out, Diagnostics& diags) {
  std::size_t errors_before = diags.count(Severity::error);
  auto chain = load_chain(ref, base_dir, from, options, diags);
  if (!chain) return false;
  if (!check_chain_shape(*chain, diags)) return false;
  for (const Tier& tier : *chain) {
    merge_tier(out, tier, diags);
    check_plugins_approved(out, tier, diags);
    if (tier.compiled) adopt_compiled_chain(tier, out);
    else out.chain.push_back(link_of(tier));
  }
  const Tier& leaf = chain->back();
  out.leaf_kind = leaf.kind;
  out.name = leaf.name;
  out.version = leaf.version;
  apply_platform_defaults(out);
  build_governance_policy(out, out.policy);
  return diags.count(Severity::error) == errors_before;
}

bool check_product_admission(const ResolvedPlatform& platform, const std::string& product_name,
                             const SourceLocation& where, Diagnostics& diags) {
  if (platform.leaf_kind == TierKind::enterprise) {
    // An enterprise that whitelists plugins leaves the choosing to its
    // domains, so a product must come through one (and its approval). One
    // that whitelists nothing and selects plugins itself is ADR-0016's
    // organisation-wide platform: usable directly, with a warning.
    bool has_domains = platform.values.contains("approved_plugins");
    Diagnostic d = make_diagnostic(
        codes::I410, "inheritance",
        fmt::format("data product '{}' references enterprise manifest '{}' directly{}", product_name, platform.name,
                    has_domains ? "" : "; it is used as a 2-tier platform (no domain approval applies)"),
        where, "a domain manifest (scope: domain) or a 2-tier platform manifest",
        has_domains ? "reference your domain's manifest in platform.ref; the enterprise whitelists plugins for its "
                      "domains and approves no products"
                    : "if your enterprise has domains, reference your domain's manifest in platform.ref");
    if (!has_domains) d.severity = Severity::warning;
    diags.add(std::move(d));
    return !has_domains;
  }
  if (platform.leaf_kind != TierKind::domain) return true;
  std::vector<std::string> approved;
  if (auto* list = platform.values.if_contains("approved_products"); list && list->is_array())
    for (const auto& v : list->as_array())
      if (v.is_string()) approved.emplace_back(v.as_string());
  if (std::find(approved.begin(), approved.end(), product_name) != approved.end()) return true;
  Diagnostic d = make_diagnostic(
      codes::I409, "inheritance", fmt::format("data product '{}' is not approved by domain '{}'", product_name, platform.name), where,
      approved.empty() ? std::string("a domain that lists the product in approved_products")
                       : fmt::format("one of: {}", fmt::join(approved, ", ")),
      fmt::format("ask the domain owner to add '{}' to approved_products", product_name));
  d.subject = product_name;
  if (const Provenance* p = platform.origin_of("approved_products"); p && !p->where.file.empty())
    d.hint += fmt::format(" in {}", p->where.file);
  diags.add(std::move(d));
  return false;
}

}  // namespace floe
