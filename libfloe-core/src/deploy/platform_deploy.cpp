#include "deploy/platform_deploy.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <unistd.h>

#include "compile/product_compile.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "deploy/cluster_apply.hpp"
#include "deploy/deploy_files.hpp"
#include "kube/names.hpp"
#include "kube/values.hpp"
#include "deploy/namespace_security.hpp"
#include "deploy/pod_hardening.hpp"
#include "deploy/product_objects.hpp"
#include "deploy/product_resources.hpp"
#include "deploy/workload.hpp"
#include "deploy/workload_objects.hpp"
#include "diag/codes.hpp"
#include "resolve/resolver.hpp"

namespace floe {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// The categories whose plugins run services (in this order in the output).
constexpr const char* kServiceCategories[] = {"orchestrator", "catalog", "storage", "telemetry_backend", "lineage_backend",
                                              "semantic_layer"};

struct Selection {
  std::string type;
  json::object config, secrets;
  bool selected = false;
};

Selection selection_of(const ResolvedPlatform& platform, const std::string& category, const char* fallback = nullptr) {
  Selection s;
  if (const json::value* v = find_path(platform.values, {"plugins", category}); v != nullptr && v->is_object()) {
    s.type = string_at(*v, {"type"});
    if (const json::value* c = v->as_object().if_contains("config"); c != nullptr && c->is_object()) s.config = c->as_object();
    if (const json::value* c = v->as_object().if_contains("secrets"); c != nullptr && c->is_object()) s.secrets = c->as_object();
  }
  s.selected = !s.type.empty();
  if (!s.selected && fallback != nullptr) s.type = fallback;
  return s;
}

class Deployer {
 public:
  Deployer(const PlatformDeployRequest& request, CompileReport& report, ResolvedPlatform& platform)
      : request_(request), report_(report), platform_(platform), registry_(registry_options(request)) {}

  void run(json::value& result);

 private:
  static RegistryOptions registry_options(const PlatformDeployRequest& request) {
    RegistryOptions o;
    o.extra_roots = request.plugin_roots;
    return o;
  }

  SourceLocation where(const std::string& key) const {
    const Provenance* p = platform_.origin_of(key);
    return p != nullptr && !p->where.file.empty() ? p->where : SourceLocation{request_.manifest_path, 0, 0};
  }
  void fail(const char* code, const std::string& message, SourceLocation at, std::string expected, std::string hint) {
    report_.diagnostics.add(make_diagnostic(code, "deploy", message, std::move(at), std::move(expected), std::move(hint)));
  }
  void plugin_failed(const std::string& category, const Error& e) {
    fail(e.code == FLOE_ERR_NOT_FOUND ? codes::P601 : codes::P609, e.message, where("plugins." + category),
         e.code == FLOE_ERR_NOT_FOUND ? "the plugin installed in a plugin root" : "",
         e.code == FLOE_ERR_NOT_FOUND ? "floe plugins doctor shows the plugin roots and what is in them"
                                      : "report it to the plugin's authors, or select another plugin");
  }

  std::unique_ptr<SelectedPlugin> open(const std::string& category, const Selection& s) {
    auto p = std::make_unique<SelectedPlugin>(registry_, category, s.type, s.config);
    if (p->open_error() != nullptr) {
      plugin_failed(category, *p->open_error());
      return nullptr;
    }
    return p;
  }

  void compile_products(Stage& stage);
  void collect_services(Stage& stage);
  void check_names();
  std::vector<ObjectFile> render(SelectedPlugin& rbac, SelectedPlugin& network, SelectedPlugin* secrets, ValueSlots& slots);
  bool secret_objects(SelectedPlugin* secrets, const std::string& ns, const std::string& secret_name,
                      const std::map<std::string, json::value>& keys, std::vector<json::object>& out);
  std::vector<std::string> product_writable_paths(const json::object& artifacts) const;
  void check_images();

  const PlatformDeployRequest& request_;
  CompileReport& report_;
  ResolvedPlatform& platform_;
  Registry registry_;
  std::string namespace_;
  std::vector<ProductJob> products_;
  std::set<std::string> product_names_;  // every product that compiled, deployable or not
  std::vector<json::object> product_artifacts_;
  std::vector<Workload> workloads_;
  json::array services_;
  std::vector<std::string> notes_;
};

void Deployer::compile_products(Stage& stage) {
  std::error_code ec;
  fs::path scratch = fs::temp_directory_path(ec) / fmt::format("floe-deploy-{}", ::getpid());
  for (std::size_t i = 0; i < request_.products.size(); ++i) {
    const std::string& file = request_.products[i];
    CompileRequest r;
    r.product_path = file;
    r.output_dir = (scratch / std::to_string(i)).string();
    r.plugin_roots = request_.plugin_roots;
    r.sources = request_.sources;
    CompileReport compiled = compile_product(r);
    report_.diagnostics.append(compiled.diagnostics);
    auto artifacts = read_json_file((fs::path(r.output_dir) / "compiled_artifacts.json").string(), 64u << 20);
    if (compiled.outcome != Outcome::ok || !artifacts || !artifacts.value().is_object()) {
      fail(codes::P611, fmt::format("{} does not compile, so it cannot be deployed (its problems are listed above)", file),
           {file, 0, 0}, "a product that compiles", "fix it, then run floe platform deploy again");
      stage.lines.push_back({"error", file + ": does not compile"});
      continue;
    }
    const json::object& a = artifacts.value().as_object();
    // The product must run on this platform: its chain holds this platform.
    bool on_platform = false;
    if (const json::value* chain = find_path(a, {"inheritance", "chain"}); chain != nullptr && chain->is_array())
      for (const auto& link : chain->as_array())
        on_platform = on_platform || (string_at(link, {"name"}) == platform_.name && string_at(link, {"version"}) == platform_.version);
    if (!on_platform) {
      fail(codes::P611, fmt::format("{} runs on another platform than {} {}", file, platform_.name, platform_.version),
           {file, 0, 0}, fmt::format("a product whose platform chain includes {} {}", platform_.name, platform_.version),
           "deploy it with its own platform's manifest, or point its platform.ref here");
      continue;
    }
    std::string product = string_at(a, {"product", "name"});
    std::string version = string_at(a, {"product", "version"});
    auto image = request_.images.find(product);
    std::string default_image = fmt::format("{}:{}", k8s_label_name(product), version.empty() ? "latest" : version);
    ProductJob job = product_job(file, a, image != request_.images.end() ? image->second : default_image);
    auto size = request_.sizes.find(product);
    product_names_.insert(product);
    auto resources = product_resources(registry_, a, size != request_.sizes.end() ? size->second : "small", notes_);
    if (!resources && resources.error().code == FLOE_ERR_INVALID_ARGUMENT) {
      fail(codes::P611, fmt::format("{}: {}", file, resources.error().message), {file, 0, 0},
           "a size the product's compute plugin has a preset for", "give --size PRODUCT=SIZE with one of the sizes it names");
      continue;
    }
    if (!resources) {
      plugin_failed("compute", resources.error());
      continue;
    }
    job.resources = resources.value();
    products_.push_back(std::move(job));
    product_artifacts_.push_back(a);
    stage.lines.push_back({"ok", fmt::format("{}: {} in namespace {}", file, products_.back().scheduled ? "CronJob" : "Job",
                                             products_.back().namespace_name)});
  }
  fs::remove_all(scratch, ec);
}

void Deployer::collect_services(Stage& stage) {
  json::array products;
  for (const auto& p : products_) {
    json::object secret_env;
    for (const auto& [name, reference] : p.secret_env) secret_env[name] = reference;
    products.push_back(json::object{{"name", p.product}, {"domain", p.domain}, {"image", p.image}, {"secret_env", std::move(secret_env)}});
  }
  for (const char* category : kServiceCategories) {
    Selection s = selection_of(platform_, category);
    if (!s.selected) continue;
    auto plugin = open(category, s);
    if (!plugin) continue;
    json::object request{{"namespace", namespace_},
                         {"platform", json::object{{"name", platform_.name}, {"version", platform_.version}}}};
    if (!s.secrets.empty()) request["secrets"] = s.secrets;
    if (std::string(category) == "orchestrator") request["products"] = products;
    // Where the platform says the service is: a workload that serves it takes that host's name.
    if (std::string(category) == "telemetry_backend")
      if (std::string e = string_at(platform_.values, {"observability", "traces", "endpoint"}); !e.empty()) request["endpoint"] = e;
    if (std::string(category) == "lineage_backend")
      if (std::string e = string_at(platform_.values, {"observability", "lineage", "endpoint"}); !e.empty()) request["endpoint"] = e;
    auto answer = plugin->ask("get_k8s_workloads", request);
    if (!answer && answer.error().code == FLOE_ERR_NOT_IMPLEMENTED) {
      std::string note = fmt::format("{} contributes no workloads (it does not implement get_k8s_workloads): deploy its "
                                     "service yourself, or use a plugin that does",
                                     plugin->label());
      notes_.push_back(note);
      stage.lines.push_back({"info", note});
      continue;
    }
    if (!answer) {
      plugin_failed(category, answer.error());
      continue;
    }
    auto contribution = read_workloads(plugin->label(), answer.value());
    if (!contribution) {
      plugin_failed(category, contribution.error());
      continue;
    }
    json::array names;
    for (auto& w : contribution.value().workloads) {
      names.push_back(json::string(w.name));
      if (auto image = request_.images.find(w.name); image != request_.images.end()) w.image = image->second;
      workloads_.push_back(std::move(w));
    }
    for (auto& n : contribution.value().notes) notes_.push_back(plugin->label() + ": " + n);
    stage.lines.push_back({"ok", fmt::format("{}: {}", plugin->label(),
                                             names.empty() ? std::string("no workloads (runs outside the cluster)")
                                                           : fmt::format("{} workload(s)", names.size()))});
    services_.push_back(json::object{{"plugin", plugin->label()}, {"workloads", std::move(names)}});
  }
}

// Two products or workloads that would share a Kubernetes name would
// overwrite each other when applied: refused, naming both.
void Deployer::check_names() {
  // A product's CronJob lives in the product's namespace: two products
  // collide when their namespaces do (the same product given twice, or
  // domain "sales" + "eu-orders" and "sales-eu" + "orders").
  K8sNameTable namespaces, workloads;
  namespaces.add(namespace_, "the platform's services");
  for (const auto& p : products_) {
    std::string qualified = p.domain.empty() ? p.product : p.domain + "-" + p.product;
    namespaces.add(qualified, p.product_file);
  }
  for (const auto& w : workloads_) workloads.add(w.name, w.plugin);
  for (const auto& [table, what] : {std::pair{&namespaces, "namespace"}, std::pair{&workloads, "workload"}})
    for (const auto& c : table->collisions())
      fail(codes::P610, fmt::format("{} would all become the {} '{}'", fmt::join(c.originals, " and "), what, c.name),
           {request_.manifest_path, 0, 0}, "one Kubernetes name per product and per service",
           "rename one of them (names are normalised as docs/deploy.md#names says)");
}

bool Deployer::secret_objects(SelectedPlugin* secrets, const std::string& ns, const std::string& secret_name,
                              const std::map<std::string, json::value>& keys, std::vector<json::object>& out) {
  if (keys.empty()) return true;
  std::vector<std::string> names;
  for (const auto& [k, v] : keys) names.push_back(k);
  if (secrets == nullptr) {
    notes_.push_back(fmt::format("no secrets plugin is selected: create the Secret '{}' in namespace '{}' with the keys {} "
                                 "before the workloads start",
                                 secret_name, ns, fmt::join(names, ", ")));
    return true;
  }
  json::object key_refs;
  for (const auto& [k, v] : keys) key_refs[k] = v;
  auto answer = secrets->ask("generate_secret_manifests",
                             json::object{{"namespace", ns}, {"secret_name", secret_name}, {"keys", std::move(key_refs)}});
  if (!answer && answer.error().code == FLOE_ERR_NOT_IMPLEMENTED) {
    notes_.push_back(fmt::format("{} renders no secret manifests: create the Secret '{}' in namespace '{}' with the keys {}",
                                 secrets->label(), secret_name, ns, fmt::join(names, ", ")));
    return true;
  }
  if (!answer) {
    plugin_failed("secrets", answer.error());
    return false;
  }
  const json::object& o = answer.value().as_object();
  const json::value* manifests = o.if_contains("manifests");
  if (manifests == nullptr || !manifests->is_array()) {
    plugin_failed("secrets", make_error(FLOE_ERR_PLUGIN_FAILED, secrets->label() + " answered generate_secret_manifests without 'manifests'"));
    return false;
  }
  for (const auto& m : manifests->as_array()) {
    if (!m.is_object() || string_at(m, {"kind"}).empty() || string_at(m, {"kind"}) == "Secret") {
      // A Secret manifest would carry values into the output directory.
      plugin_failed("secrets", make_error(FLOE_ERR_PLUGIN_FAILED, secrets->label() + " answered generate_secret_manifests with a "
                                                                                    "manifest that is not an object with a kind, "
                                                                                    "or is a Secret (values never go into a deployment)"));
      return false;
    }
    out.push_back(m.as_object());
  }
  if (const json::value* n = o.if_contains("notes"); n != nullptr && n->is_array())
    for (const auto& line : n->as_array())
      if (line.is_string()) notes_.push_back(secrets->label() + ": " + std::string(line.as_string()));
  return true;
}

// What floe run writes in the product's image (its root file system is
// read-only): floe's and dbt's target/ and logs/, dbt's packages, a DuckDB
// file's directory.
std::vector<std::string> Deployer::product_writable_paths(const json::object& artifacts) const {
  std::vector<std::string> out{"/tmp", "/product/target"};
  auto add = [&](const fs::path& relative) {
    fs::path p = (fs::path("/product") / relative).lexically_normal();
    std::string s = p.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    if (s.rfind("/product", 0) == 0 && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  if (const json::value* projects = find_path(artifacts, {"dbt", "projects"}); projects != nullptr && projects->is_array())
    for (const auto& p : projects->as_array()) {
      fs::path dir = string_at(p, {"path"});
      for (const char* sub : {"target", "logs", "dbt_packages"}) add(dir / sub);
    }
  if (string_at(artifacts, {"plugins", "compute", "type"}) == "duckdb")
    if (std::string path = string_at(artifacts, {"plugins", "compute", "config", "path"}); !path.empty() && path != ":memory:" && path[0] != '/')
      add(fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path());
  return out;
}

std::vector<ObjectFile> Deployer::render(SelectedPlugin& rbac, SelectedPlugin& network, SelectedPlugin* secrets,
                                         ValueSlots& slots) {
  std::vector<ObjectFile> files;
  auto ok = [&](auto& result, const char* category) {
    if (result) return true;
    plugin_failed(category, result.error());
    return false;
  };
  auto hardening = PodHardening::ask(network);
  if (!ok(hardening, "network_security")) return {};

  // Namespaces, all labelled with the platform, so each admits the others.
  ObjectFile ns_file{"00-namespaces.yaml", {}};
  json::object platform_labels{{"floe.dev/platform", k8s_label_name(platform_.name)}};
  auto platform_ns = namespace_object(rbac, namespace_, platform_labels);
  if (!ok(platform_ns, "rbac")) return {};
  ns_file.objects.push_back(platform_ns.value());
  for (const auto& p : products_) {
    json::object labels = platform_labels;
    labels["floe.dev/product"] = k8s_label_name(p.product);
    if (!p.domain.empty()) labels["floe.dev/domain"] = k8s_label_name(p.domain);
    auto o = namespace_object(rbac, p.namespace_name, labels);
    if (!ok(o, "rbac")) return {};
    ns_file.objects.push_back(o.value());
  }
  files.push_back(std::move(ns_file));

  // The services' namespace: its policies and the Secret its workloads read.
  // The policies: each pod's traffic, from the workloads' ports and what the
  // manifest declares (namespace_security.hpp).
  std::map<std::string, json::value> platform_secrets;
  for (const auto& w : workloads_)
    for (const auto& [name, reference] : w.secret_env) platform_secrets[name] = reference;
  PolicyScope policy_scope{namespace_, k8s_label_name(platform_.name), workloads_, declared_service_addresses(platform_.values), {}};
  for (const auto& p : products_) policy_scope.product_namespaces.push_back(p.namespace_name);
  ObjectFile platform_file{"10-platform-security.yaml", {}};
  std::string platform_secret = "floe-platform-secrets";
  auto policies = services_policies(network, policy_scope);
  if (!ok(policies, "network_security")) return {};
  platform_file.objects = policies.value();
  if (!secret_objects(secrets, namespace_, platform_secret, platform_secrets, platform_file.objects)) return {};
  files.push_back(std::move(platform_file));

  // Each plugin's workloads in a file of its own.
  std::map<std::string, ObjectFile> by_plugin;
  int order = 20;
  for (const auto& w : workloads_) {
    auto sa = rbac.ask_for("generate_service_account", json::object{{"name", w.name}, {"namespace", namespace_}}, "manifest",
                           json::kind::object);
    if (!ok(sa, "rbac")) return {};
    WorkloadPlacement place{namespace_, k8s_label_name(platform_.name), platform_secret, sa.value().as_object()};
    auto objects = workload_objects(w, place, hardening.value(), slots);
    if (!ok(objects, "network_security")) return {};
    auto [it, fresh] = by_plugin.try_emplace(w.plugin);
    if (fresh) it->second.name = fmt::format("{}-{}.yaml", order++, k8s_label_name(w.plugin));
    for (auto& o : objects.value()) it->second.objects.push_back(std::move(o));
  }
  std::vector<ObjectFile> plugin_files;
  for (auto& [plugin, file] : by_plugin) plugin_files.push_back(std::move(file));
  std::sort(plugin_files.begin(), plugin_files.end(), [](const ObjectFile& a, const ObjectFile& b) { return a.name < b.name; });
  for (auto& f : plugin_files) files.push_back(std::move(f));

  // Each product: its namespace's policies, its Secret, its run.
  for (std::size_t i = 0; i < products_.size(); ++i) {
    const ProductJob& p = products_[i];
    ObjectFile file{fmt::format("50-product-{}.yaml", p.namespace_name), {}};
    auto product_policies = product_namespace_policies(network, policy_scope, p.namespace_name);
    if (!ok(product_policies, "network_security")) return {};
    file.objects = product_policies.value();
    std::string secret_name = p.secret_env.empty() ? "" : p.job_name + "-secrets";
    if (!secret_objects(secrets, p.namespace_name, secret_name, p.secret_env, file.objects)) return {};
    ProductPlacement place{k8s_label_name(platform_.name), secret_name, product_writable_paths(product_artifacts_[i]), namespace_};
    auto objects = product_objects(p, place, rbac, hardening.value(), slots);
    if (!ok(objects, "rbac")) return {};
    for (auto& o : objects.value()) file.objects.push_back(std::move(o));
    files.push_back(std::move(file));
  }
  return files;
}

// Every --image names a product or a workload; with --require-digests
// every image the pods run is pinned by digest, so what runs is exactly
// what was reviewed.
void Deployer::check_images() {
  std::set<std::string> names;
  for (const auto& p : products_) names.insert(p.product);
  for (const auto& w : workloads_) names.insert(w.name);
  auto refuse = [&](const std::string& message, std::string expected, std::string hint) {
    fail(codes::P612, message, {request_.manifest_path, 0, 0}, std::move(expected), std::move(hint));
  };
  for (const auto& [name, image] : request_.images) {
    if (names.count(name) == 0)
      refuse(fmt::format("--image {}={}: no product or workload is named '{}'", name, image, name),
             fmt::format("one of: {}", fmt::join(names, ", ")), "use the product's name (floe.yaml's metadata.name) or a workload's name");
    if (!is_image_reference(image))
      refuse(fmt::format("--image {}={}: not an image reference", name, image), "REPOSITORY[:TAG][@sha256:<64 hex digits>]",
             "give the image as the registry shows it");
  }
  if (!request_.require_digests) return;
  auto pinned = [&](const std::string& who, const std::string& image) {
    if (!is_digest_pinned(image))
      refuse(fmt::format("--require-digests: {} runs '{}', which is not pinned by digest", who, image),
             "an image reference ending in @sha256:<64 hex digits>",
             fmt::format("pin it: --image {}=<repository>@sha256:<digest> (crane digest or skopeo inspect print the digest)", who));
  };
  for (const auto& w : workloads_) pinned(w.name, w.image);
  for (const auto& p : products_) pinned(p.product, p.image);
}

void Deployer::run(json::value& result) {
  namespace_ = request_.namespace_name.empty() ? k8s_label_name(platform_.name) : request_.namespace_name;
  if (k8s_label_name(namespace_) != namespace_ || namespace_.empty()) {
    fail(codes::P610, fmt::format("the namespace '{}' is not a Kubernetes name", namespace_), {request_.manifest_path, 0, 0},
         "lower-case letters, digits and '-', at most 63, alphanumeric at both ends",
         fmt::format("use '{}'", k8s_label_name(namespace_)));
    report_.conclude(report_.stages.back());
    return;
  }
  Stage& products_stage = report_.stage(fmt::format("Compiling {} product(s)", request_.products.size()));
  compile_products(products_stage);
  Stage& services_stage = report_.stage("Asking the platform's plugins for their services");
  collect_services(services_stage);
  check_names();
  check_images();
  for (const auto& [product, size] : request_.sizes)
    if (product_names_.count(product) == 0)
      fail(codes::P611, fmt::format("--size {}={}: no product given is named '{}'", product, size, product),
           {request_.manifest_path, 0, 0}, "the name of a product given with --product", "check the product's metadata.name");
  Selection rbac_s = selection_of(platform_, "rbac", "k8s"), network_s = selection_of(platform_, "network_security", "k8s"),
            secrets_s = selection_of(platform_, "secrets");
  auto rbac = open("rbac", rbac_s);
  auto network = open("network_security", network_s);
  std::unique_ptr<SelectedPlugin> secrets = secrets_s.selected ? open("secrets", secrets_s) : nullptr;
  if (report_.diagnostics.has_errors() || !rbac || !network || (secrets_s.selected && !secrets)) {
    report_.conclude(services_stage);
    return;
  }

  bool helm = request_.format == "helm";
  ValueSlots slots(helm);
  Stage& render_stage = report_.stage(fmt::format("Rendering {}", helm ? "a Helm chart" : "Kubernetes manifests"));
  std::vector<ObjectFile> files = render(*rbac, *network, secrets.get(), slots);
  if (report_.diagnostics.has_errors()) {
    report_.conclude(render_stage);
    return;
  }
  stamp_platform_labels(files, k8s_label_name(platform_.name));
  std::string dir = request_.output_dir.empty()
                        ? (fs::path(request_.manifest_path).parent_path() / "deploy").lexically_normal().string()
                        : request_.output_dir;
  std::string banner = fmt::format(
      "Rendered by floe platform deploy from {} ({} {}).\nDo not edit: change the manifest or its plugins and render again.",
      fs::path(request_.manifest_path).filename().string(), platform_.name, platform_.version);
  ChartInfo chart{k8s_label_name(platform_.name), platform_.version,
                  fmt::format("The services of the floe platform {} and the runs of its products", platform_.name)};
  auto texts = deploy_file_texts(files, slots, helm, chart, banner);
  if (auto written = write_deploy_directory(dir, texts); !written) {
    report_.diagnostics.add(output_write_failure(dir, written.error().message));
    report_.conclude(render_stage);
    return;
  }
  json::array file_names, objects;
  for (const auto& [name, text] : texts) {
    file_names.push_back(json::string(name));
    report_.written.push_back((fs::path(dir) / name).string());
  }
  for (const auto& f : files)
    for (const auto& o : f.objects) {
      json::object row{{"file", helm ? "templates/" + f.name : f.name}, {"kind", string_at(o, {"kind"})},
                       {"name", string_at(o, {"metadata", "name"})}};
      if (std::string ns = string_at(o, {"metadata", "namespace"}); !ns.empty()) row["namespace"] = ns;
      objects.push_back(std::move(row));
    }
  render_stage.lines.push_back({"ok", fmt::format("{} objects in {} files under {}", objects.size(), texts.size(), dir)});
  for (const auto& n : notes_) render_stage.lines.push_back({"info", n});
  json::array products, notes;
  for (const auto& p : products_)
    products.push_back(json::object{{"product", p.product}, {"namespace", p.namespace_name},
                                    {"kind", p.scheduled ? "CronJob" : "Job"}, {"name", p.job_name},
                                    {"resources", json::object{{"cpu_request", p.resources.cpu_request},
                                                               {"cpu_limit", p.resources.cpu_limit},
                                                               {"memory_request", p.resources.memory_request},
                                                               {"memory_limit", p.resources.memory_limit}}}});
  for (const auto& n : notes_) notes.push_back(json::string(n));
  json::object out{{"format", helm ? "helm" : "kubernetes"}, {"output_dir", dir}, {"namespace", namespace_},
                   {"files", std::move(file_names)}, {"objects", std::move(objects)}, {"services", services_},
                   {"products", std::move(products)}, {"notes", std::move(notes)}, {"applied", false}};
  report_.conclude(render_stage);
  if ((request_.apply || request_.diff) && !report_.diagnostics.has_errors())
    cluster_step(request_, k8s_label_name(platform_.name), dir, files, report_, out);
  result = std::move(out);
}

}  // namespace

CompileReport platform_deploy(const PlatformDeployRequest& request, json::value& result) {
  CompileReport report;
  Stage& load = report.stage(fmt::format("Resolving {}", request.manifest_path));
  ResolvedPlatform platform;
  if (!resolve_platform(request.manifest_path, ".", SourceLocation{}, request.sources, platform, report.diagnostics)) {
    load.ok = false;
    load.lines.push_back({"error", "the manifest chain has errors (see the problems below)"});
    report.conclude(load);
    return report;
  }
  for (const auto& l : platform.chain) load.lines.push_back({"ok", fmt::format("{} {} {}", l.tier, l.name, l.version)});
  if ((request.apply || request.diff) && request.format == "helm") {
    report.diagnostics.add(make_diagnostic(codes::R911, "deploy", "--apply and --diff take the Kubernetes manifests, not a Helm chart",
                                           {request.manifest_path, 0, 0}, "--format kubernetes with --apply or --diff",
                                           "render the chart and run helm upgrade --install yourself, or drop --format helm"));
    report.conclude(load);
    return report;
  }
  Deployer(request, report, platform).run(result);
  if (result.is_null()) result = json::object{{"applied", false}};
  return report;
}

}  // namespace floe
