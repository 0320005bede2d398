#include "capi/compile_first.hpp"

#include <boost/json.hpp>

#include "artifacts/oci_fetcher.hpp"
#include "artifacts/product_artifacts.hpp"
#include "capi/artifact_request.hpp"
#include "compile/compile_cache.hpp"

namespace floe {

CompileFirst compile_first(const boost::json::object& request) {
  CompileFirst out;
  oci::FetcherSettings fetch{artifact_options_from_request(request), {}, {}};
  read_key(request, "verify", fetch.verify_mode);
  read_key(request, "keys", fetch.keys);
  out.sources.fetch_oci = oci::make_oci_fetcher(fetch);
  std::string product = "floe.yaml";
  read_key(request, "product", product);
  out.fetch_products = oci::make_product_fetcher(fetch, product);
  boost::json::object compile{{"operation", "compile"}};
  // Not deadline_ms: the deadline bounds the operation, it is not part of what is compiled.
  for (const char* key : {"api_version", "product", "platform", "plugin_path", "registry_options", "verify", "keys"})
    if (const auto* v = request.if_contains(key)) compile[key] = *v;
  auto compile_request = parse_operation_request(boost::json::serialize(compile), "compile-request");
  if (compile_request) out.compile_key = compile_cache_key(compile_request->keys);
  return out;
}

}  // namespace floe
