#include "artifacts/product_consumers.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <optional>

#include "artifacts/platform_pull.hpp"
#include "artifacts/verification_policy.hpp"
#include "contract/version_range.hpp"
#include "core/text.hpp"
#include "diag/codes.hpp"
#include "oci/media_types.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// "campaign-analytics 1.0.0 (marketing)"
std::string consumer_label(const PublishedProduct& p) {
  return p.domain.empty() ? fmt::format("{} {}", p.name, p.version)
                          : fmt::format("{} {} ({})", p.name, p.version, p.domain);
}

std::string range_of(const PublishedInput& input) {
  return input.version.empty() ? std::string(1, '*') : input.version;
}

// Whether an input port's `product` (a name under the consumer's
// input_registry, or a reference) is the product published at `repository`.
// A relative oci-layout: path is relative to the consumer's floe.yaml, which
// product.json does not record: its last directory must be the product's name.
bool names_producer(const std::string& product, const std::string& producer, const Reference& repository) {
  if (!looks_like_oci_reference(product)) return product == producer;
  auto ref = parse_reference(product);
  if (!ref || ref->is_layout() != repository.is_layout()) return false;
  if (!ref->is_layout()) return ref->registry == repository.registry && ref->repository == repository.repository;
  fs::path path(ref->layout_path);
  if (path.is_absolute()) return path.lexically_normal() == fs::path(repository.layout_path).lexically_normal();
  return path.lexically_normal().filename() == producer;
}

bool is_product_manifest(const std::string& bytes) {
  json::error_code ec;
  json::value v = json::parse(bytes, ec);
  const json::value* type = !ec && v.is_object() ? v.as_object().if_contains("artifactType") : nullptr;
  return type != nullptr && type->is_string() && type->as_string() == kProductArtifact;
}

std::string first_error(const Diagnostics& diags) {
  for (const auto& d : diags.items())
    if (d.severity == Severity::error) return d.message;
  return "unknown problem";
}

// The latest published release of the product at `repository`. nullopt with
// `problem` set when it cannot be read; with `problem` empty when the
// repository holds no floe product release (a platform, an image: no consumer).
std::optional<PublishedProduct> latest_product(const Reference& repository, const ArtifactOptions& options,
                                               const SourceLocation& from, std::string& problem) {
  auto target = open_target(repository, options, false);
  auto tags = target->list_tags();
  if (!tags) {
    problem = tags.error().message;
    return std::nullopt;
  }
  auto latest = highest_in_range(*tags, "*");
  if (!latest) return std::nullopt;
  auto manifest = target->fetch_manifest(*latest);
  if (!manifest) {
    problem = manifest.error().message;
    return std::nullopt;
  }
  if (!is_product_manifest(manifest->bytes)) return std::nullopt;
  Reference pinned = repository;
  pinned.tag = *latest;
  pinned.digest = manifest->digest;
  Diagnostics quiet;  // what goes wrong becomes one K114 warning naming the product
  auto pulled = pull_platform(pinned, VerificationPolicy{}, options, from, quiet, kProductKind);
  PublishedProduct out;
  if (!pulled || !read_published_product(pulled->dir, out, from, quiet)) {
    problem = first_error(quiet);
    return std::nullopt;
  }
  out.reference = pulled->reference.str();
  return out;
}

void add_unchecked(std::string message, const SourceLocation& from, Diagnostics& diags) {
  Diagnostic d = make_diagnostic(codes::K114, "contract", std::move(message), from,
                                 "a registry whose products floe can list and read",
                                 "fix or remove the artifact, or check the registry by hand: this publish does "
                                 "not know whether it breaks that product");
  d.severity = Severity::warning;
  diags.add(std::move(d));
}

std::string columns_text(const PublishedInput& input) {
  if (!input.columns) return "its columns are not recorded";
  return fmt::format("{} column{}", input.columns->size(), input.columns->size() == 1 ? "" : "s");
}

// The table of the port's contract a consumer's source reads (as K121 picks it).
std::string object_read(const PublishedPort& port) {
  const ContractObject* object = port.contract.find_object(port.table);
  if (object == nullptr && !port.contract.objects.empty()) object = &port.contract.objects.front();
  return object == nullptr ? std::string() : object->name;
}

// What of the consumer's `input` the change touches
// ("customer_profile.lifetime_value", "port customer_profile"), nullopt when it
// reads nothing the change touches. A removed port or table, and the port's
// SLAs, concern every consumer of the port; a column, those reading it (all of
// them when their columns are not recorded).
std::optional<std::string> touched(const PortChange& c, const std::string& object, const PublishedInput& input) {
  const std::string& subject = c.change.subject;
  if (c.change.kind == "port_removed" || subject == object || subject.rfind("sla.", 0) == 0)
    return fmt::format("port {}", c.port);
  if (object.empty() || subject.rfind(object + ".", 0) != 0) return std::nullopt;
  std::string column = ascii_lower(subject.substr(object.size() + 1));
  if (!input.columns) return fmt::format("{} (its columns are not recorded)", c.port);
  for (const auto& read : *input.columns)
    if (ascii_lower(read.name) == column) return subject;
  return std::nullopt;
}

void add_breaks(const ProductConsumer& consumer, const PublishedProduct& previous, const PublishedProduct& published,
                const PortChange& c, const std::string& what, const SourceLocation& port_removed_at,
                Diagnostics& diags) {
  std::string who = consumer_label(consumer.product);
  Diagnostic d =
      make_diagnostic(codes::K113, "contract",
                      fmt::format("{} {} breaks {}, which reads {}: {}", published.name, published.version, who, what,
                                  c.change.message),
                      c.change.new_where.file.empty() ? port_removed_at : c.change.new_where,
                      fmt::format("no breaking change to what {} reads: its input port '{}' takes {} {}",
                                  consumer.product.name, consumer.input.name, published.name, range_of(consumer.input)),
                      fmt::format("keep {} as {} {} promises it (add a new column for the new meaning), or have {} "
                                  "publish a version that no longer reads it, or whose range excludes {}, first",
                                  what, previous.name, previous.version, consumer.product.name, published.version));
  d.subject = consumer.product.name;
  if (!c.change.old_where.file.empty())
    d.related.push_back({c.change.old_where, fmt::format("what {} {} promised", previous.name, previous.version)});
  diags.add(std::move(d));
}

}  // namespace

std::vector<ProductConsumer> find_consumers(const Reference& producer_repository, const std::string& producer,
                                            const ArtifactOptions& options, const SourceLocation& from, Stage& stage,
                                            Diagnostics& diags) {
  std::vector<ProductConsumer> out;
  auto repositories = sibling_repositories(producer_repository, options);
  if (!repositories) {
    add_unchecked(fmt::format("the consumers of {} cannot be looked up: {}", producer, repositories.error().message),
                  from, diags);
    stage.lines.push_back({"warning", fmt::format("consumers not looked up: {}", repositories.error().message)});
    return out;
  }
  std::size_t products = 0;
  for (const auto& repository : *repositories) {
    if (repository.repository_uri() == producer_repository.repository_uri()) continue;
    std::string problem;
    auto product = latest_product(repository, options, from, problem);
    if (!problem.empty()) {
      add_unchecked(fmt::format("{} cannot be read, so whether it consumes {} is not known: {}",
                                repository.repository_uri(), producer, problem),
                    from, diags);
      stage.lines.push_back({"warning", fmt::format("{}: cannot be read", repository.repository_uri())});
      continue;
    }
    if (!product) continue;
    ++products;
    for (const auto& input : product->inputs)
      if (names_producer(input.product, producer, producer_repository)) {
        stage.lines.push_back(
            {"ok", fmt::format("consumer in the registry: {} reads {} ({}): {}", consumer_label(*product), input.port,
                               range_of(input), columns_text(input))});
        out.push_back({*product, input});
      }
  }
  if (out.empty())
    stage.lines.push_back({"ok", fmt::format("no consumers of {} in the registry ({} other product{})", producer,
                                             products, products == 1 ? "" : "s")});
  return out;
}

void check_consumers(const std::vector<ProductConsumer>& consumers, const PublishedProduct& previous,
                     const PublishedProduct& published, const std::vector<PortChange>& breaking,
                     const SourceLocation& port_removed_at, Stage& stage, Diagnostics& diags) {
  auto version = parse_product_version(published.version);
  for (const auto& consumer : consumers) {
    std::string range = range_of(consumer.input);
    if (!version || !version_range_problem(range).empty() || !version_in_range(*version, range)) {
      stage.lines.push_back(
          {"info", fmt::format("{} takes {} {}, which excludes {}: it keeps "
                               "the versions its range takes",
                               consumer_label(consumer.product), published.name, range, published.version)});
      continue;
    }
    const PublishedPort* port = previous.find_port(consumer.input.port);
    std::string object = port == nullptr ? std::string() : object_read(*port);
    for (const auto& c : breaking) {
      if (c.port != consumer.input.port) continue;
      if (auto what = touched(c, object, consumer.input)) {
        add_breaks(consumer, previous, published, c, *what, port_removed_at, diags);
        stage.lines.push_back(
            {"error", fmt::format("breaks {}: {}: {}", consumer_label(consumer.product), *what, c.change.message)});
      }
    }
  }
}

}  // namespace floe::oci
