// DAG rule (always on): FLOE-E301 ref() to a model the project does not
// have, E302 ref() cycle, E303 source() that no sources .yml declares.
// A broken DAG breaks dbt itself, so these are errors whatever the naming
// enforcement says.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <unordered_set>

#include "enforce/enforce_detail.hpp"
#include "diag/codes.hpp"

namespace floe::enforce {

namespace {

// "Did you mean" over many names, within a budget: edit distance against
// every name of similar length is costly, and a project whose refs are all
// broken (a partial checkout) must not make enforcement quadratic.
class Suggester {
 public:
  // The names must outlive the suggester; they are indexed on first use
  // only, since most projects have no broken refs at all.
  explicit Suggester(std::vector<std::string_view> names) : names_(std::move(names)) {}
  std::string suggest(const std::string& word) {
    if (auto it = cache_.find(word); it != cache_.end()) return it->second;
    if (by_length_.empty())
      for (std::string_view n : names_) by_length_[n.size()].push_back(n);
    std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);  // closest_match's own limit
    std::vector<std::string> pool;
    for (std::size_t len = word.size() > limit ? word.size() - limit : 0; len <= word.size() + limit; ++len)
      if (auto it = by_length_.find(len); it != by_length_.end()) pool.insert(pool.end(), it->second.begin(), it->second.end());
    std::string best;
    if (pool.size() <= budget_) {
      budget_ -= pool.size();
      best = closest_match(word, pool);
    }
    cache_.emplace(word, best);
    return best;
  }

 private:
  std::vector<std::string_view> names_;
  std::map<std::size_t, std::vector<std::string_view>> by_length_;
  std::unordered_map<std::string, std::string> cache_;
  std::size_t budget_ = 100000;  // names compared in total, ~30 ms worst case
};

const SourceLocation& call_location(const std::vector<SourceLocation>& locations, std::size_t i,
                                    const dbt::DbtModel& m) {
  return i < locations.size() && !locations[i].file.empty() ? locations[i] : m.where;
}

std::string cycle_text(const std::vector<std::string>& names) {
  // A cycle through thousands of models is shown by its ends; the count says
  // how much is left out.
  constexpr std::size_t kFull = 100, kHead = 50, kTail = 10;
  std::string out;
  auto append = [&](const std::string& n) {
    if (!out.empty()) out += " -> ";
    out += n;
  };
  if (names.size() <= kFull) {
    for (const auto& n : names) append(n);
    return out;
  }
  for (std::size_t i = 0; i < kHead; ++i) append(names[i]);
  append(fmt::format("... ({} more)", names.size() - kHead - kTail));
  for (std::size_t i = names.size() - kTail; i < names.size(); ++i) append(names[i]);
  return out;
}

}  // namespace

void check_refs_and_sources(const RuleContext& ctx, Diagnostics& out) {
  const auto& models = ctx.project.models;
  std::unordered_set<std::string> declared;  // "source.table"
  std::unordered_set<std::string_view> source_names;
  for (const auto& s : ctx.project.sources) {
    declared.insert(s.source_name + "." + s.table_name);
    source_names.insert(s.source_name);
  }
  std::vector<std::string_view> declared_names(declared.begin(), declared.end());
  std::sort(declared_names.begin(), declared_names.end());  // ties in did-you-mean resolve the same way every run
  Suggester source_suggester(std::move(declared_names));
  // Every model's name, only once a ref() dangles (an edit loop judging one
  // model of 10,000 does not list them each time).
  std::optional<Suggester> model_suggester;
  auto suggest_model = [&](const std::string& ref) {
    if (!model_suggester) {
      std::vector<std::string_view> model_names;
      model_names.reserve(models.size());
      for (const auto& m : models) model_names.push_back(m.name);
      model_suggester.emplace(std::move(model_names));
    }
    return model_suggester->suggest(ref);
  };

  const std::vector<std::string>& seeds = ctx.project.seeds;  // sorted by the readers
  const std::vector<std::string>& unselected = ctx.project.outside_selection;  // sorted
  for (const dbt::DbtModel& m : ctx.subjects()) {
    for (std::size_t i = 0; i < m.refs.size(); ++i) {
      const std::string& ref = m.refs[i];
      if (ctx.find_model(ref) || std::binary_search(seeds.begin(), seeds.end(), ref) ||
          std::binary_search(unselected.begin(), unselected.end(), ref))
        continue;
      Diagnostic d;
      d.code = codes::E301;
      d.category = "dag";
      d.subject = m.name;
      d.where = call_location(m.ref_locations, i, m);
      d.message = fmt::format("'{}' references model '{}', which does not exist in the project", m.name, ref);
      d.expected = "ref() to a model, seed or snapshot of this project";
      d.actual = fmt::format("ref('{}')", ref);
      std::string guess = suggest_model(ref);
      d.hint = guess.empty() ? fmt::format("create the model '{}' or fix the ref() name", ref)
                             : fmt::format("did you mean '{}'?", guess);
      out.add(std::move(d));
    }
    for (std::size_t i = 0; i < m.sources.size(); ++i) {
      const auto& s = m.sources[i];
      std::string full = s.source_name + "." + s.table_name;
      if (declared.count(full)) continue;
      Diagnostic d;
      d.code = codes::E303;
      d.category = "dag";
      d.subject = m.name;
      d.where = call_location(m.source_locations, i, m);
      d.message = fmt::format("'{}' reads source '{}', which is not declared in any sources .yml", m.name, full);
      d.expected = "a table declared under sources: in a .yml of the project";
      d.actual = fmt::format("source('{}', '{}')", s.source_name, s.table_name);
      std::string guess = source_suggester.suggest(full);
      if (!guess.empty())
        d.hint = fmt::format("did you mean '{}'?", guess);
      else if (source_names.count(s.source_name))
        d.hint = fmt::format("add '{}' to the tables of source '{}'", s.table_name, s.source_name);
      else
        d.hint = fmt::format("declare it: sources: [{{name: {}, tables: [{{name: {}}}]}}]", s.source_name, s.table_name);
      out.add(std::move(d));
    }
  }
}

void check_cycles(const RuleContext& ctx, Diagnostics& out) {
  const auto& models = ctx.project.models;
  // Graph nodes are ranks by name, so each cycle starts at its smallest name
  // whatever order the models came in.
  std::vector<std::size_t> order(models.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return models[a].name < models[b].name; });
  std::vector<std::size_t> rank(models.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = r;

  std::vector<std::vector<std::size_t>> adj(models.size());
  for (std::size_t i = 0; i < models.size(); ++i) {
    for (const auto& ref : models[i].refs) {
      auto it = ctx.model_index.find(ref);
      if (it != ctx.model_index.end()) adj[rank[i]].push_back(rank[it->second]);
    }
  }

  std::vector<std::size_t> sizes;
  auto cycles = find_cycles(adj, &sizes);
  for (std::size_t c = 0; c < cycles.size(); ++c) {
    std::vector<std::string> names;
    names.reserve(cycles[c].size());
    for (std::size_t node : cycles[c]) names.push_back(models[order[node]].name);
    const dbt::DbtModel& first = models[order[cycles[c][0]]];
    const std::string& next = names[1];

    Diagnostic d;
    d.code = codes::E302;
    d.category = "dag";
    d.subject = first.name;
    auto ref_it = std::find(first.refs.begin(), first.refs.end(), next);
    d.where = call_location(first.ref_locations, static_cast<std::size_t>(ref_it - first.refs.begin()), first);
    d.message = fmt::format("ref() cycle: {}", cycle_text(names));
    d.expected = "an acyclic ref() graph (dbt cannot run a cycle)";
    std::size_t length = names.size() - 1;
    d.actual = sizes[c] > length
                   ? fmt::format("{} models depend on each other; this is the shortest cycle through '{}'", sizes[c],
                                 first.name)
                   : fmt::format("a cycle of {} model{}", length, length == 1 ? "" : "s");
    d.hint = length == 1 ? fmt::format("remove ref('{}') from '{}' itself", first.name, first.name)
                         : fmt::format("break the cycle by removing one of its refs, e.g. ref('{}') in '{}'", next,
                                       first.name);
    out.add(std::move(d));
  }
}

void check_dag(const RuleContext& ctx, Diagnostics& out) {
  check_refs_and_sources(ctx, out);
  // Judging some models only (an edit loop), the caller finds the cycles
  // of the whole project itself.
  if (ctx.only == nullptr) check_cycles(ctx, out);
}

}  // namespace floe::enforce
