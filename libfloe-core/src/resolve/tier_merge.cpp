#include "resolve/tier_merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "diag/codes.hpp"
#include "resolve/inheritance_rules.hpp"

namespace floe {
namespace json = boost::json;

std::string describe_origin(const Provenance& p) {
  if (p.where.file.empty()) return p.tier;
  if (p.where.line == 0) return fmt::format("{} ({})", p.tier, p.where.file);
  return fmt::format("{} ({}:{}:{})", p.tier, p.where.file, p.where.line, p.where.column);
}

namespace {

std::string render(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

class Merger {
 public:
  Merger(ResolvedPlatform& acc, const Tier& tier, Diagnostics& diags)
      : acc_(acc), tier_(tier), diags_(diags), label_(tier_kind_name(tier.kind)) {}

  void run() {
    if (!tier_.doc.root.is_object()) return;
    merge_object(tier_.doc.root.as_object(), "", acc_.values);
  }

 private:
  ResolvedPlatform& acc_;
  const Tier& tier_;
  Diagnostics& diags_;
  std::string label_;

  Provenance origin(const std::string& src_path) const {
    Provenance p;
    p.where = tier_.doc.at(src_path);
    p.tier = label_;
    if (tier_.compiled) {
      auto it = tier_.compiled_tier_of.find(src_path);
      if (it != tier_.compiled_tier_of.end() && !it->second.empty()) p.tier = it->second;
    }
    return p;
  }

  // Replaces the provenance under `dst` with the leaves of `v` taken from
  // `src` in this tier.
  void record(const std::string& dst, const std::string& src, const json::value& v) {
    erase_provenance(dst);
    record_leaves(dst, src, v);
  }
  void record_leaves(const std::string& dst, const std::string& src, const json::value& v) {
    if (v.is_object() && !v.as_object().empty()) {
      for (const auto& [k, child] : v.as_object())
        record_leaves(join_path(dst, std::string(k)), join_path(src, std::string(k)), child);
    } else if (v.is_array() && !v.as_array().empty()) {
      const auto& a = v.as_array();
      for (std::size_t i = 0; i < a.size(); ++i) record_leaves(index_path(dst, i), index_path(src, i), a[i]);
    } else {
      acc_.provenance[dst] = origin(src);
    }
  }
  void erase_provenance(const std::string& dst) {
    auto it = acc_.provenance.lower_bound(dst);
    while (it != acc_.provenance.end() && it->first.compare(0, dst.size(), dst) == 0) {
      const std::string& k = it->first;
      if (k.size() == dst.size() || k[dst.size()] == '.' || k[dst.size()] == '[') it = acc_.provenance.erase(it);
      else ++it;
    }
  }

  Provenance parent_origin(const std::string& path) const {
    if (const Provenance* p = acc_.origin_of(path)) return *p;
    return Provenance{"a parent tier", {}};
  }

  void violation(const MergeRule& rule, const std::string& path, const std::string& message,
                 const std::string& expected, const std::string& hint) {
    Diagnostic d;
    d.code = rule.code;
    d.category = "inheritance";
    d.message = message;
    d.where = tier_.doc.at(path);
    d.subject = path;
    d.expected = expected;
    d.hint = hint.empty() ? rule.why : fmt::format("{} ({})", hint, rule.why);
    diags_.add(std::move(d));
  }

  std::string tier_title() const { return fmt::format("{} '{}'", label_, tier_.name); }

  void merge_object(const json::object& src, const std::string& path, json::object& dst) {
    for (const auto& [key, value] : src) {
      std::string child = join_path(path, std::string(key));
      merge_value(child, std::string(key), value, dst);
    }
  }

  void merge_value(const std::string& path, const std::string& key, const json::value& value, json::object& dst) {
    const MergeRule* rule = rule_for(path);
    json::value* existing = dst.if_contains(key);
    bool set_above = existing != nullptr;
    if (rule) {
      switch (rule->kind) {
        case MergeKind::skip: return;
        case MergeKind::enterprise_only:
          if (tier_.kind != TierKind::enterprise && !tier_.compiled && set_above) {
            violation(*rule, path, fmt::format("{} cannot set {}", tier_title(), path),
                      fmt::format("no {} here (set by {})", path, describe_origin(parent_origin(path))),
                      fmt::format("remove {} from this manifest", path));
            return;
          }
          break;
        case MergeKind::top_tier_only:
          // Widening what products may read: never a domain's choice, also
          // when the enterprise declared nothing.
          if (tier_.kind == TierKind::domain && !tier_.compiled) {
            violation(*rule, path, fmt::format("{} cannot set {}", tier_title(), path),
                      fmt::format("no {} in a domain manifest", path),
                      fmt::format("remove {} from this manifest; the enterprise manifest declares it", path));
            return;
          }
          break;
        case MergeKind::fixed_once_set:
          if (set_above && existing->is_object() && value.is_object()) {
            merge_fixed(*rule, path, value.as_object(), existing->as_object());
            return;
          }
          if (set_above && *existing != value) {
            violation(*rule, path,
                      fmt::format("{} cannot change {} (set by {})", tier_title(), path,
                                  describe_origin(parent_origin(path))),
                      fmt::format("{} as inherited, or leave it out", render(*existing)),
                      fmt::format("remove {} from this manifest", path));
            return;
          }
          break;
        case MergeKind::ordered:
          if (set_above && existing->is_string() && value.is_string()) {
            auto rank = [&](const json::value& v) {
              auto it = std::find(rule->order.begin(), rule->order.end(), v.as_string());
              return it - rule->order.begin();
            };
            if (rank(value) < rank(*existing)) {
              violation(*rule, path,
                        fmt::format("{} cannot weaken {} from '{}' to '{}'", tier_title(), path, render(*existing),
                                    render(value)),
                        fmt::format("'{}' or stronger (set by {})", render(*existing),
                                    describe_origin(parent_origin(path))),
                        fmt::format("set {} to '{}' or remove it to inherit", path, render(*existing)));
              return;
            }
          }
          break;
        case MergeKind::at_least:
          if (set_above && existing->is_number() && value.is_number() &&
              value.to_number<double>() < existing->to_number<double>()) {
            violation(*rule, path,
                      fmt::format("{} cannot lower {} from {} to {}", tier_title(), path, render(*existing),
                                  render(value)),
                      fmt::format(">= {} (set by {})", render(*existing), describe_origin(parent_origin(path))),
                      fmt::format("raise {} to at least {} or remove it to inherit", path, render(*existing)));
            return;
          }
          break;
        case MergeKind::no_disable:
          if (set_above && existing->is_bool() && existing->as_bool() && value.is_bool() && !value.as_bool()) {
            violation(*rule, path, fmt::format("{} cannot turn off {}", tier_title(), path),
                      fmt::format("true (set by {})", describe_origin(parent_origin(path))),
                      fmt::format("remove {} from this manifest to inherit true", path));
            return;
          }
          break;
        case MergeKind::retention:
          check_retention(*rule, path, value);
          break;
        case MergeKind::append:
        case MergeKind::append_unique:
          if (existing && existing->is_array() && value.is_array()) {
            auto& list = existing->as_array();
            for (std::size_t i = 0; i < value.as_array().size(); ++i) {
              const auto& item = value.as_array()[i];
              if (rule->kind == MergeKind::append_unique && std::find(list.begin(), list.end(), item) != list.end())
                continue;
              record_leaves(index_path(path, list.size()), index_path(path, i), item);
              list.push_back(item);
            }
            return;
          }
          break;
        case MergeKind::plugin_selection:
        case MergeKind::override_value:
          break;
      }
      if (rule->kind == MergeKind::plugin_selection) {
        dst[key] = value;
        record(path, path, value);
        return;
      }
    }
    // No rule for a container: merge key by key, so a lower tier can refine
    // one setting without restating its siblings.
    if (value.is_object() && existing && existing->is_object()) {
      merge_object(value.as_object(), path, existing->as_object());
      return;
    }
    dst[key] = value;
    record(path, path, value);
  }

  // A once-set section (observability): keys set above must not change; a
  // key no tier above set may be added. Reported per leaf, so the message
  // names exactly what changed.
  void merge_fixed(const MergeRule& rule, const std::string& path, const json::object& src, json::object& dst) {
    for (const auto& [key, value] : src) {
      std::string child = join_path(path, std::string(key));
      json::value* existing = dst.if_contains(key);
      if (!existing) {
        dst[key] = value;
        record(child, child, value);
      } else if (existing->is_object() && value.is_object()) {
        merge_fixed(rule, child, value.as_object(), existing->as_object());
      } else if (*existing != value) {
        violation(rule, child,
                  fmt::format("{} cannot change {} (set by {})", tier_title(), child,
                              describe_origin(parent_origin(child))),
                  fmt::format("{} as inherited, or leave it out", render(*existing)),
                  fmt::format("remove {} from this manifest", child));
      }
    }
  }

  void check_retention(const MergeRule& rule, const std::string& path, const json::value& value) {
    if (!value.is_int64()) return;
    const json::value* bounds = nullptr;
    if (auto* g = acc_.values.if_contains("governance"); g && g->is_object())
      bounds = g->as_object().if_contains("data_retention_bounds");
    if (tier_.kind == TierKind::enterprise && tier_.doc.root.is_object()) {
      // The enterprise's own default must sit inside its own bounds.
      if (auto* g = tier_.doc.root.as_object().if_contains("governance"); g && g->is_object())
        bounds = g->as_object().if_contains("data_retention_bounds");
    }
    if (!bounds || !bounds->is_object()) return;
    auto bound = [&](const char* k) -> std::optional<std::int64_t> {
      auto* b = bounds->as_object().if_contains(k);
      if (b && b->is_int64()) return b->as_int64();
      return std::nullopt;
    };
    auto lo = bound("min_days");
    auto hi = bound("max_days");
    std::int64_t days = value.as_int64();
    if ((lo && days < *lo) || (hi && days > *hi)) {
      std::string range = fmt::format("{} to {} days", lo ? fmt::format("{}", *lo) : "1",
                                      hi ? fmt::format("{}", *hi) : "unbounded");
      std::string origin = describe_origin(parent_origin("governance.data_retention_bounds"));
      if (tier_.kind == TierKind::enterprise) origin = "this manifest's data_retention_bounds";
      violation(rule, path,
                fmt::format("{} sets {} to {} days, outside the enterprise bounds", tier_title(), path, days),
                fmt::format("{} (bounds from {})", range, origin),
                fmt::format("choose a retention between {}", range));
    }
  }
};

}  // namespace

void merge_tier(ResolvedPlatform& acc, const Tier& tier, Diagnostics& diags) {
  Merger(acc, tier, diags).run();
}

void check_plugins_approved(const ResolvedPlatform& acc, const Tier& tier, Diagnostics& diags) {
  const auto* approved = acc.values.if_contains("approved_plugins");
  if (!approved || !approved->is_object() || !tier.doc.root.is_object()) return;
  const auto* plugins = tier.doc.root.as_object().if_contains("plugins");
  if (!plugins || !plugins->is_object()) return;
  for (const auto& [category, selection] : plugins->as_object()) {
    const auto* list = approved->as_object().if_contains(category);
    if (!list || !list->is_array() || !selection.is_object()) continue;
    const auto* type = selection.as_object().if_contains("type");
    if (!type || !type->is_string()) continue;
    const auto& allowed = list->as_array();
    if (std::find(allowed.begin(), allowed.end(), *type) != allowed.end()) continue;
    std::vector<std::string> names;
    for (const auto& a : allowed)
      if (a.is_string()) names.emplace_back(a.as_string());
    std::string path = fmt::format("plugins.{}.type", std::string(category));
    Diagnostic d;
    d.code = codes::I404;
    d.category = "inheritance";
    d.message = fmt::format("{} '{}' selects {} plugin '{}', which the enterprise has not approved",
                            tier_kind_name(tier.kind), tier.name, std::string(category), std::string(type->as_string()));
    d.where = tier.doc.at(path);
    d.subject = path;
    std::string origin;
    if (const Provenance* p = acc.origin_of(fmt::format("approved_plugins.{}", std::string(category))))
      origin = describe_origin(*p);
    d.expected = fmt::format("one of: {} (approved_plugins.{} in {})", fmt::join(names, ", "),
                             std::string(category), origin.empty() ? "the enterprise manifest" : origin);
    d.actual = std::string(type->as_string());
    d.hint = "choose an approved plugin, or ask the enterprise platform team to add it to approved_plugins";
    diags.add(std::move(d));
  }
}

}  // namespace floe
