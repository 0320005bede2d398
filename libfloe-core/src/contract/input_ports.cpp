#include "contract/input_ports.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/json.hpp>
#include <algorithm>
#include <cctype>
#include <map>

#include "contract/type_compat.hpp"
#include "contract/version_range.hpp"
#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "core/text.hpp"

namespace floe {
namespace {

namespace json = boost::json;

// Products depend on products: deeper chains than this are refused as cycles would be.
constexpr std::size_t kMaxDependencyDepth = 16;

std::string qualified(const std::string& domain, const std::string& name) {
  return domain.empty() ? name : fmt::format("{}/{}", domain, name);
}

// The source `dotted` ("source_name.table_name") and the project declaring it.
struct FoundSource {
  const dbt::DbtProject* project = nullptr;
  const dbt::DbtSource* source = nullptr;
};

FoundSource find_source(const std::vector<const dbt::DbtProject*>& projects, const std::string& dotted) {
  auto dot = dotted.find('.');
  if (dot == std::string::npos) return {};
  for (const auto* p : projects)
    for (const auto& s : p->sources)
      if (s.source_name == dotted.substr(0, dot) && s.table_name == dotted.substr(dot + 1)) return {p, &s};
  return {};
}

class InputChecker {
 public:
  InputChecker(const LocatedDocument& product, const std::vector<const dbt::DbtProject*>& projects, const ProductFetcher& fetch,
               Stage& stage, Diagnostics& diags)
      : product_(product), projects_(projects), fetch_(fetch), stage_(stage), diags_(diags) {
    name_ = string_at(product.root, {"metadata", "name"});
    domain_ = string_at(product.root, {"metadata", "domain"});
  }

  std::vector<ResolvedInput> run() {
    const json::value* ports = find_path(product_.root, {"input_ports"});
    if (ports == nullptr || !ports->is_array()) return std::move(resolved_);
    for (std::size_t i = 0; i < ports->as_array().size(); ++i) check(ports->as_array()[i], index_path("input_ports", i));
    return std::move(resolved_);
  }

 private:
  void check(const json::value& port, const std::string& path) {
    std::string name = string_at(port, {"name"}), producer = string_at(port, {"product"}), out_port = string_at(port, {"port"});
    // No version: any published one (GCC 12 warns falsely on assigning "*" to a string here).
    const std::string written = string_at(port, {"version"});
    const std::string range = written.empty() ? std::string(1, '*') : written;
    if (std::string problem = version_range_problem(range); !problem.empty()) {
      add(codes::K120, fmt::format("input port '{}': version '{}' is not a version range: {}", name, range, problem),
          product_.at(join_path(path, "version")), "1.2.3, ^1.2, ~1.2.3, >=1.0.0 <2.0.0 or *", "write a version range");
      return;
    }
    std::size_t before = diags_.count(Severity::error);
    auto published = fetch_(producer, range, product_.at(join_path(path, "product")), diags_);
    if (!published) {
      if (diags_.count(Severity::error) == before)
        add(codes::K120, fmt::format("input port '{}': no published version of '{}' matches {}", name, producer, range),
            product_.at(join_path(path, "version")), "a published version in the range", "publish the product, or widen the range");
      stage_.lines.push_back({"error", fmt::format("{}: {} {} not available", name, producer, range)});
      return;
    }
    const PublishedPort* p = published->find_port(out_port);
    if (p == nullptr) {
      std::vector<std::string> names;
      for (const auto& x : published->ports) names.push_back(x.name);
      std::string close = closest_match(out_port, names);
      add(codes::K120,
          fmt::format("input port '{}': {} {} publishes no output port '{}'", name, published->name, published->version, out_port),
          product_.at(join_path(path, "port")), names.empty() ? "an output port of the product" : fmt::format("one of {}", fmt::join(names, ", ")),
          close.empty() ? "name one of the product's output ports" : fmt::format("did you mean '{}'?", close));
      return;
    }
    if (!published->allows(domain_)) {
      add(codes::K122,
          fmt::format("input port '{}': domain '{}' may not consume {} (domain '{}'): its allowed_consumers are {}", name,
                      domain_.empty() ? "(none)" : domain_, published->name, published->domain,
                      published->allowed_consumers.empty() ? "its own domain only" : fmt::format("{}", fmt::join(published->allowed_consumers, ", "))),
          product_.at(join_path(path, "product")), fmt::format("'{}' in {}'s governance.data_contracts.allowed_consumers", domain_, published->domain),
          fmt::format("ask the {} domain's platform team to add '{}' to governance.data_contracts.allowed_consumers", published->domain, domain_));
      return;
    }
    std::size_t errors = diags_.count(Severity::error);
    check_source(name, string_at(port, {"source"}), *p, *published, path);
    check_cycle(*published, {qualified(domain_, name_), qualified(published->domain, published->name)}, path);
    if (diags_.count(Severity::error) == errors)
      resolved_.push_back({name, published->name, published->version, out_port, p->table, string_at(port, {"source"}),
                           project_declaring(string_at(port, {"source"})), published->reference, published->lake});
    stage_.lines.push_back({"ok", fmt::format("{}: {} {} port {} (contract {} {})", name, published->name, published->version,
                                              out_port, p->contract.id, p->contract.version)});
  }

  std::string project_declaring(const std::string& source) const {
    const dbt::DbtProject* p = find_source(projects_, source).project;
    return p != nullptr ? p->name : std::string();
  }

  void check_source(const std::string& name, const std::string& source, const PublishedPort& port, const PublishedProduct& producer,
                    const std::string& path) {
    if (source.empty()) return;
    const dbt::DbtSource* s = find_source(projects_, source).source;
    if (s == nullptr) {
      add(codes::K121, fmt::format("input port '{}' names dbt source {}, which no .yml of the dbt project declares", name, source),
          product_.at(join_path(path, "source")), "a source table declared under sources: in the dbt project",
          "declare the source (with the columns the models use) in a .yml, or correct input_ports[].source");
      return;
    }
    const ContractObject* object = port.contract.find_object(port.table);
    if (object == nullptr && !port.contract.objects.empty()) object = &port.contract.objects.front();
    for (const auto& column : s->columns) {
      const ContractProperty* promised = nullptr;
      if (object != nullptr)
        for (const auto& p : object->properties)
          if (ascii_lower(p.name) == ascii_lower(column.name)) promised = &p;
      if (promised == nullptr) {
        std::vector<std::string> names;
        if (object != nullptr)
          for (const auto& p : object->properties) names.push_back(p.name);
        std::string close = closest_match(column.name, names);
        Diagnostic d = make_diagnostic(
            codes::K121, "contract",
            fmt::format("dbt source {} uses column '{}', which {} {} does not promise on port '{}'", source, column.name,
                        producer.name, producer.version, port.name),
            dbt::column_location(*s, column), fmt::format("one of the contract's columns: {}", fmt::join(names, ", ")),
            close.empty() ? fmt::format("drop the column from the source, or ask {} to add it to the contract", producer.name)
                          : fmt::format("did you mean '{}'?", close));
        d.subject = name;
        d.related.push_back({product_.at(path), fmt::format("input port '{}'", name)});
        diags_.add(std::move(d));
        continue;
      }
      std::string want = logical_type_of(column.data_type);
      std::string have = !promised->logical_type.empty() ? promised->logical_type : logical_type_of(promised->physical_type);
      if (!want.empty() && !have.empty() && !logical_type_satisfies(have, want)) {
        Diagnostic d = make_diagnostic(
            codes::K121, "contract",
            fmt::format("dbt source {} reads column '{}' as {} ({}), but {} {} promises {}", source, column.name, column.data_type,
                        want, producer.name, producer.version, have),
            dbt::column_location(*s, column), fmt::format("a {} column", have), fmt::format("declare '{}' with a {} data_type", column.name, have));
        d.subject = name;
        diags_.add(std::move(d));
      }
    }
  }

  // Depth-first through the producers' own input ports, as published.
  void check_cycle(const PublishedProduct& producer, std::vector<std::string> chain, const std::string& path) {
    if (chain.size() > kMaxDependencyDepth) {
      add(codes::K123, fmt::format("product dependencies are deeper than {}: {}", kMaxDependencyDepth, fmt::join(chain, " -> ")),
          product_.at(path), "a dependency chain that ends", "cut the chain");
      return;
    }
    for (const auto& input : producer.inputs) {
      Diagnostics quiet;  // an upstream product we cannot fetch is its own compile's problem, not ours
      auto upstream = fetch_(input.product, input.version.empty() ? std::string(1, '*') : input.version, product_.at(path), quiet);
      if (!upstream) continue;
      std::string node = qualified(upstream->domain, upstream->name);
      auto next = chain;
      next.push_back(node);
      if (upstream->name == name_ || std::find(chain.begin(), chain.end(), node) != chain.end()) {
        add(codes::K123, fmt::format("products depend on each other in a cycle: {}", fmt::join(next, " -> ")), product_.at(path),
            "product dependencies without a cycle", "remove one of the input ports in the chain");
        return;
      }
      check_cycle(*upstream, std::move(next), path);
    }
  }

  void add(const char* code, std::string message, SourceLocation where, std::string expected, std::string hint) {
    Diagnostic d = make_diagnostic(code, "contract", std::move(message), std::move(where), std::move(expected), std::move(hint));
    diags_.add(std::move(d));
  }

  const LocatedDocument& product_;
  const std::vector<const dbt::DbtProject*>& projects_;
  const ProductFetcher& fetch_;
  Stage& stage_;
  Diagnostics& diags_;
  std::string name_, domain_;
  std::vector<ResolvedInput> resolved_;
};

}  // namespace

std::vector<ResolvedInput> check_input_ports(const LocatedDocument& product, const std::vector<const dbt::DbtProject*>& projects,
                                             const ProductFetcher& fetch, Stage& stage, Diagnostics& diags) {
  return InputChecker(product, projects, fetch, stage, diags).run();
}

json::value resolved_inputs_json(const std::vector<ResolvedInput>& inputs) {
  json::array out;
  for (const auto& i : inputs) {
    json::value lake = nullptr;
    if (i.lake)
      lake = json::object{{"catalog", i.lake->catalog}, {"warehouse", i.lake->warehouse}, {"namespace", i.lake->namespace_name}};
    out.push_back(json::object{{"name", i.name},       {"product", i.product},     {"version", i.version},
                               {"port", i.port},       {"table", i.table},         {"source", i.source},
                               {"project", i.project},
                               {"reference", i.reference}, {"lake", std::move(lake)}});
  }
  return out;
}

std::vector<PublishedInput> published_inputs(const LocatedDocument& product, const std::vector<const dbt::DbtProject*>& projects) {
  std::vector<PublishedInput> out;
  const json::value* ports = find_path(product.root, {"input_ports"});
  if (ports == nullptr || !ports->is_array()) return out;
  for (const auto& i : ports->as_array()) {
    PublishedInput input{string_at(i, {"name"}), string_at(i, {"product"}), string_at(i, {"port"}), string_at(i, {"version"})};
    if (const dbt::DbtSource* s = find_source(projects, string_at(i, {"source"})).source) {
      input.columns.emplace();
      for (const auto& c : s->columns) input.columns->push_back({c.name, c.data_type});
    }
    out.push_back(std::move(input));
  }
  return out;
}

}  // namespace floe
