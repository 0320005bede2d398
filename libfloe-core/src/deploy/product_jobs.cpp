#include "deploy/product_jobs.hpp"

#include <boost/json.hpp>

#include "core/json_path.hpp"
#include "kube/names.hpp"

namespace floe {

namespace json = boost::json;

ProductJob product_job(const std::string& product_file, const json::object& artifacts, const std::string& image) {
  ProductJob job;
  job.product_file = product_file;
  job.product = string_at(artifacts, {"product", "name"});
  job.domain = string_at(artifacts, {"product", "domain"});
  job.version = string_at(artifacts, {"product", "version"});
  job.namespace_name = k8s_label_name(job.domain.empty() ? job.product : job.domain + "-" + job.product);
  job.job_name = k8s_label_name(job.product);
  job.image = image;
  if (const json::value* s = find_path(artifacts, {"schedule"}); s != nullptr && s->is_object()) {
    job.scheduled = true;
    job.cron = string_at(*s, {"cron"});
    job.timezone = string_at(*s, {"timezone"}, "UTC");
    const json::value* enabled = s->as_object().if_contains("enabled");
    job.enabled = enabled == nullptr || !enabled->is_bool() || enabled->as_bool();
  }
  // Every secret a selection of the product's platform reads, by the
  // variable its compiled output reads it from.
  if (const json::value* plugins = find_path(artifacts, {"plugins"}); plugins != nullptr && plugins->is_object())
    for (const auto& [category, selection] : plugins->as_object()) {
      const json::value* secrets = selection.is_object() ? selection.as_object().if_contains("secrets") : nullptr;
      if (secrets == nullptr || !secrets->is_object()) continue;
      for (const auto& [key, entry] : secrets->as_object()) {
        std::string variable = string_at(entry, {"env_var"});
        const json::value* reference = entry.is_object() ? entry.as_object().if_contains("reference") : nullptr;
        if (!variable.empty() && reference != nullptr) job.secret_env[variable] = *reference;
      }
    }
  return job;
}

}  // namespace floe
