// The built-in naming conventions and the rename each one suggests.
#include <fmt/format.h>

#include <array>
#include <utility>

#include "enforce/enforce_detail.hpp"

namespace floe::enforce {

namespace {

const NamingConvention kMedallion{"medallion", {"bronze", "silver", "gold"}, "bronze_*, silver_*, or gold_* prefix"};
const NamingConvention kKimball{"kimball", {"dim", "fact", "bridge", "agg"},
                                "dim_*, fact_*, bridge_*, or agg_* prefix"};
const NamingConvention kDataVault{"data_vault", {"hub", "link", "sat", "pit", "bridge"},
                                  "hub_*, link_*, sat_*, pit_*, or bridge_* prefix"};

struct PrefixMap {
  std::string_view from;  // without the trailing '_'
  std::string_view to;
};

// dbt's usual project layers mapped onto each convention. Medallion follows
// dbt's own guide: staging is bronze, intermediate is silver, marts are gold.
constexpr std::array kMedallionMap{
    PrefixMap{"stg", "bronze"},  PrefixMap{"raw", "bronze"},          PrefixMap{"src", "bronze"},
    PrefixMap{"staging", "bronze"}, PrefixMap{"base", "bronze"},      PrefixMap{"int", "silver"},
    PrefixMap{"intermediate", "silver"}, PrefixMap{"clean", "silver"}, PrefixMap{"agg", "gold"},
    PrefixMap{"mart", "gold"},   PrefixMap{"dim", "gold"},            PrefixMap{"fct", "gold"},
    PrefixMap{"fact", "gold"},   PrefixMap{"rpt", "gold"}};
// Kimball only maps spellings of its own model kinds; a staging model has no
// Kimball kind (its grain decides dim vs fact), so it gets no rename.
constexpr std::array kKimballMap{PrefixMap{"fct", "fact"},       PrefixMap{"facts", "fact"},
                                 PrefixMap{"f", "fact"},         PrefixMap{"d", "dim"},
                                 PrefixMap{"dimension", "dim"},  PrefixMap{"dimensions", "dim"},
                                 PrefixMap{"brg", "bridge"},     PrefixMap{"aggregate", "agg"},
                                 PrefixMap{"aggregates", "agg"}, PrefixMap{"mart", "agg"},
                                 PrefixMap{"rpt", "agg"}};
constexpr std::array kDataVaultMap{PrefixMap{"h", "hub"},       PrefixMap{"hubs", "hub"}, PrefixMap{"l", "link"},
                                   PrefixMap{"lnk", "link"},    PrefixMap{"links", "link"},
                                   PrefixMap{"s", "sat"},       PrefixMap{"satellite", "sat"},
                                   PrefixMap{"sats", "sat"},    PrefixMap{"brg", "bridge"}};

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Lower-cases and replaces anything outside [a-z0-9_] with '_', so the
// suggestion itself conforms.
std::string snake(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += (is_lower(c) || is_digit(c) || c == '_') ? c : '_';
  }
  return out;
}

template <std::size_t N>
std::string_view mapped_layer(const std::array<PrefixMap, N>& map, std::string_view word) {
  for (const auto& m : map)
    if (m.from == word) return m.to;
  return {};
}

std::string_view mapped_prefix(const NamingConvention& conv, std::string_view word) {
  if (&conv == &kMedallion) return mapped_layer(kMedallionMap, word);
  if (&conv == &kKimball) return mapped_layer(kKimballMap, word);
  return mapped_layer(kDataVaultMap, word);
}

// A medallion layer guessed from the model's directory (models/staging/...)
// or, failing that, its materialization as dbt's guide uses them (staging
// views, ephemeral intermediates, table/incremental marts).
std::string_view guessed_medallion_layer(const dbt::DbtModel& m, std::string& because) {
  std::string_view path = m.path;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) break;  // the last part is the file name
    std::string_view dir = path.substr(start, slash - start);
    std::string_view layer = mapped_layer(kMedallionMap, dir);
    if (layer.empty()) {
      if (dir == "bronze" || dir == "silver" || dir == "gold") layer = dir;
      else if (dir == "marts" || dir == "reporting") layer = "gold";
      else if (dir == "sources") layer = "bronze";
    }
    if (!layer.empty()) {
      because = fmt::format("it lives in {}/", dir);
      return layer;
    }
    start = slash + 1;
  }
  if (m.materialized == "view" || m.materialized == "ephemeral" || m.materialized == "table" ||
      m.materialized == "incremental") {
    because = fmt::format("it is materialized as {}", m.materialized);
    if (m.materialized == "view") return "bronze";
    if (m.materialized == "ephemeral") return "silver";
    return "gold";
  }
  return {};
}

}  // namespace

const NamingConvention* builtin_convention(const std::string& pattern) {
  if (pattern == "medallion") return &kMedallion;
  if (pattern == "kimball") return &kKimball;
  if (pattern == "data_vault") return &kDataVault;
  return nullptr;
}

bool conforms(const NamingConvention& conv, std::string_view name) {
  auto underscore = name.find('_');
  if (underscore == std::string_view::npos) return false;
  std::string_view word = name.substr(0, underscore);
  bool known = false;
  for (const auto& p : conv.prefixes) known = known || p == word;
  if (!known) return false;
  std::string_view rest = name.substr(underscore + 1);
  if (rest.empty() || !is_lower(rest.front())) return false;
  for (char c : rest)
    if (!is_lower(c) && !is_digit(c) && c != '_') return false;
  return true;
}

std::string naming_hint(const NamingConvention& conv, const dbt::DbtModel& m) {
  const std::string& name = m.name;
  auto underscore = name.find('_');
  std::string word = underscore == std::string::npos ? std::string{} : snake(name.substr(0, underscore));
  std::string rest = underscore == std::string::npos ? snake(name) : snake(name.substr(underscore + 1));

  // The prefix is already a layer: only the part after it is malformed.
  for (const auto& p : conv.prefixes) {
    if (p != word) continue;
    // "gold_2024_sales" -> "gold_sales_2024", "gold__x" -> "gold_x".
    std::size_t letter = rest.find_first_of("abcdefghijklmnopqrstuvwxyz");
    if (letter == std::string::npos) return fmt::format("add a lowercase name after '{0}_', e.g. '{0}_orders'", p);
    if (letter > 0) {
      std::string lead = rest.substr(0, letter);
      lead.erase(0, lead.find_first_not_of('_'));
      while (!lead.empty() && lead.back() == '_') lead.pop_back();
      std::string tail = rest.substr(letter);
      return lead.empty() ? fmt::format("rename to '{}_{}'", p, tail) : fmt::format("rename to '{}_{}_{}'", p, tail, lead);
    }
    return fmt::format("rename to '{}_{}'", p, rest);
  }

  std::string_view to = word.empty() ? std::string_view{} : mapped_prefix(conv, word);
  if (!to.empty() && !rest.empty() && is_lower(rest.front())) return fmt::format("rename to '{}_{}'", to, rest);

  // A layer word of another convention ("stg_", "gold_") is dropped from the
  // suggested stem: 'dim_payments', not 'dim_stg_payments'.
  bool other_layer = !word.empty() && (!mapped_layer(kMedallionMap, word).empty() || word == "bronze" ||
                                       word == "silver" || word == "gold");
  std::string stem = other_layer && !rest.empty() && is_lower(rest.front()) ? rest : snake(name);
  if (stem.empty() || !is_lower(stem.front())) stem = "m" + stem;
  if (&conv == &kMedallion) {
    std::string because;
    std::string_view layer = guessed_medallion_layer(m, because);
    if (!layer.empty()) return fmt::format("rename to '{}_{}' ({}; use the prefix of its actual layer)", layer, stem, because);
    return fmt::format("rename with the prefix of its layer: 'bronze_{0}', 'silver_{0}' or 'gold_{0}'", stem);
  }
  if (&conv == &kKimball)
    return fmt::format("Kimball names dimensions, facts, bridges and aggregates only: rename to 'dim_{0}' or 'fact_{0}' "
                       "by its grain, or exclude it with a policy override",
                       stem);
  return fmt::format("Data Vault names hubs, links, satellites, PIT and bridge tables only: rename with the prefix of "
                     "its kind, e.g. 'hub_{0}' or 'sat_{0}'",
                     stem);
}

}  // namespace floe::enforce
