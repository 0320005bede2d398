#include "sample_checks.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace floe::conformance {

namespace json = boost::json;

namespace {

// Refusals a valid request may meet although the plugin is right: the kit
// runs with no service behind the plugin and with made-up names.
// `service`: a refusal that says the service the plugin fronts did not
// answer, accepted for a required method only from a plugin that declares
// such a service.
struct AcceptedRefusal {
  floe_status status;
  const char* reason;
  bool service;
};
const AcceptedRefusal kAcceptedRefusals[] = {
    {FLOE_ERR_UNAVAILABLE, "the plugin could not reach the service it fronts (none runs beside the kit)", true},
    {FLOE_ERR_TIMEOUT, "the service the plugin fronts did not answer in time", true},
    {FLOE_ERR_NOT_FOUND, "the sample names something the plugin's backend does not hold", false},
    {FLOE_ERR_ALREADY_EXISTS, "the sample creates something that exists (the kit sends each sample more than once)", false},
    {FLOE_ERR_UNAUTHORIZED, "the service refused the kit's made-up credentials", true},
    {FLOE_ERR_INVALID_STATE, "the sample asks for the result of a step that never ran here", false},
    {FLOE_ERR_IO, "a file or directory the sample names does not exist on this machine", false},
    {FLOE_ERR_INVALID_CONFIG, "the plugin's configuration (--config; {} by default) cannot serve this method", false},
};

std::vector<std::string>& fronted_services() {
  static std::vector<std::string> services;
  return services;
}

bool has_kind(const json::value& v, unsigned kinds) {
  if (kinds == kAnyKind) return true;
  return ((kinds & kString) && v.is_string()) || ((kinds & kInteger) && (v.is_int64() || v.is_uint64())) ||
         ((kinds & kNumber) && v.is_number()) || ((kinds & kBoolean) && v.is_bool()) ||
         ((kinds & kObject) && v.is_object()) || ((kinds & kArray) && v.is_array());
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Problems of a successful answer; empty when it follows the spec.
std::vector<std::string> response_problems(const MethodSpec& spec, const CallResult& res) {
  std::string why;
  auto doc = parse(res.response, &why);
  if (!doc) return {"the response is not JSON (" + why + "): " + shown(res.response, 80)};
  if (!doc->is_object()) return {"the response is not a JSON object: " + shown(res.response, 80)};
  std::vector<std::string> problems;
  const json::object& o = doc->get_object();
  for (const auto& key : spec.keys) {
    const json::value* v = o.if_contains(key.name);
    if (v == nullptr) {
      problems.push_back(std::string("lacks the required key '") + key.name + "'");
    } else if (!has_kind(*v, key.kinds)) {
      problems.push_back(std::string("'") + key.name + "' is " + shown(json::serialize(*v), 40) + ", documented as " +
                         kinds_text(key.kinds));
    } else if (!key.literals.empty() &&
               std::find(key.literals.begin(), key.literals.end(), std::string_view(v->get_string())) ==
                   key.literals.end()) {
      problems.push_back(std::string("'") + key.name + "' is " + json::serialize(*v) + ", documented as one of " +
                         joined(key.literals, ", "));
    }
  }
  return problems;
}

}  // namespace

Verdict judge_valid_answer(const MethodSpec& spec, bool required, const CallResult& res) {
  const std::string doc = std::string("docs/plugins/") + spec.category + ".md";
  if (res.status == FLOE_OK) {
    auto problems = response_problems(spec, res);
    if (problems.empty())
      return {'P', spec.keys.empty() ? "answered a JSON object" : "answered with every documented key"};
    return {'F', "the response " + joined(problems, "; ") + " (" + doc + ")"};
  }
  std::vector<std::string> unclean;
  if (res.message.empty()) unclean.push_back("left no error message");
  if (!res.message.empty() && res.error_code != res.status)
    unclean.push_back("set error.code to " + std::to_string(res.error_code));
  if (!res.out_empty) unclean.push_back("filled the output buffer");
  if (!unclean.empty()) return {'F', "returned " + status_name(res.status) + " but " + joined(unclean, ", ")};

  const std::string said = status_name(res.status) + ": " + shown(res.message, 100);
  if (res.status == FLOE_ERR_NOT_IMPLEMENTED)
    return required ? Verdict{'F', "a required method answered " + said}
                    : Verdict{'P', "optional, not implemented (" + said + ")"};
  if (std::find(spec.refusals.begin(), spec.refusals.end(), res.status) != spec.refusals.end())
    return {'P', "the refusal " + doc + " documents for this method (" + said + ")"};
  for (const auto& accepted : kAcceptedRefusals) {
    if (accepted.status != res.status) continue;
    if (accepted.service && required && fronted_services().empty())
      return {'F', "a required method failed with " + said +
                       ": the plugin declares no service it fronts, so nothing excuses it; a plugin that cannot "
                       "answer without one declares it as a capability \"service:<what>\", one that never answers "
                       "live methods \"config-only\" (docs/abi.md#conformance-kit); or give a config that reaches "
                       "the service with --config"};
    std::string because = accepted.reason;
    if (accepted.service && !fronted_services().empty()) {
      because += " (it declares ";
      for (std::size_t i = 0; i < fronted_services().size(); ++i)
        because += (i > 0 ? ", " : "") + fronted_services()[i];
      because += ")";
    }
    return {'W', "refused with " + said + "; accepted because " + because +
                     ", but the response shape went unchecked (give a request that succeeds with --request " +
                     spec.method + "=JSON)"};
  }
  if (res.status == FLOE_ERR_INVALID_ARGUMENT)
    return {'F', "refused a valid request (" + doc + "#" + spec.method + "): " + said +
                     " (if the kit's sample makes no sense for this plugin, give one that does with --request " +
                     spec.method + "=JSON)"};
  return {'F', "a valid request failed with " + said};
}

void declare_fronted_services(std::vector<std::string> services) { fronted_services() = std::move(services); }

void valid_request_check(Report& report, const Isolation& iso, const std::string& prefix, const MethodSpec& spec,
                         bool required, const std::string& request, bool user_request, const Caller& call) {
  const std::string check = prefix + "." + spec.method + (user_request ? "(--request)" : "(sample)");
  isolated(report, iso, check, [&](Report& r) {
    r.running(check);
    Verdict v = judge_valid_answer(spec, required, call(request));
    r.emit(v.kind, check, v.detail + (v.kind == 'F' ? "; request " + shown(request, 160) : ""));
  });
}

}  // namespace floe::conformance
