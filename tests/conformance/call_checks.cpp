#include "call_checks.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace floe::conformance {

namespace json = boost::json;

std::optional<json::value> parse(std::string_view text, std::string* why) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) {
    if (why != nullptr) *why = ec.message();
    return std::nullopt;
  }
  return v;
}

CallResult collect(floe_status status, floe_error& err, floe_buffer& out) {
  CallResult r;
  r.status = status;
  r.message = err.message != nullptr ? err.message : "";
  r.error_code = err.code;
  r.out_empty = out.data == nullptr && out.length == 0 && out.release == nullptr;
  if (out.data != nullptr) r.response.assign(out.data, out.length);
  if (err.release != nullptr) err.release(&err);
  if (out.release != nullptr) out.release(&out);
  return r;
}

namespace {

struct BadRequest {
  const char* label;
  std::string text;
};

std::vector<BadRequest> bad_requests() {
  return {{"{not json", "{not json"},
          {"[]", "[]"},
          {"42", "42"},
          {"1 MB string", "\"" + std::string(size_t{1} << 20, 'x') + "\""}};
}

}  // namespace

void bad_request_checks(Report& report, const Isolation& iso, const std::string& prefix, const std::string& method,
                        bool required, const Caller& call) {
  const std::string check = prefix + "." + method;
  isolated(report, iso, check, [&](Report& r) {
    int not_implemented = 0;
    std::vector<std::pair<std::string, CallResult>> results;
    for (const auto& bad : bad_requests()) {
      r.running(check + "(" + bad.label + ")");
      results.emplace_back(bad.label, call(bad.text));
      not_implemented += results.back().second.status == FLOE_ERR_NOT_IMPLEMENTED;
    }
    if (not_implemented == static_cast<int>(results.size())) {
      const CallResult& first = results.front().second;
      bool clean = std::all_of(results.begin(), results.end(), [](const auto& x) {
        return !x.second.message.empty() && x.second.out_empty;
      });
      if (required)
        r.fail(check, "a required method answers FLOE_ERR_NOT_IMPLEMENTED: " + shown(first.message));
      else if (clean)
        r.pass(check, "optional, not implemented: answers FLOE_ERR_NOT_IMPLEMENTED cleanly (" + shown(first.message) + ")");
      else
        r.fail(check, "answers FLOE_ERR_NOT_IMPLEMENTED without a message or with a filled output buffer");
      return;
    }
    for (const auto& [label, res] : results) {
      std::string name = check + "(" + label + ")";
      if (res.status == FLOE_OK) {
        r.fail(name, "accepted a bad request and answered " + shown(res.response, 60));
        continue;
      }
      std::vector<std::string> wrong;
      if (res.message.empty()) wrong.push_back("left no error message");
      if (!res.message.empty() && res.error_code != res.status)
        wrong.push_back("set error.code to " + std::to_string(res.error_code));
      if (!res.out_empty) wrong.push_back("filled the output buffer");
      if (wrong.empty()) {
        r.pass(name, status_name(res.status) + ": " + shown(res.message, 100));
      } else {
        std::string all;
        for (const auto& w : wrong) all += (all.empty() ? "" : ", ") + w;
        r.fail(name, "returned " + status_name(res.status) + " but " + all);
      }
    }
  });
}

std::string health_problem(const CallResult& res) {
  if (res.status != FLOE_OK) return "returned " + status_name(res.status) + ": " + shown(res.message);
  auto v = parse(res.response);
  if (!v || !v->is_object()) return "the response is not a JSON object: " + shown(res.response);
  const auto& o = v->get_object();
  const json::value* state = o.if_contains("state");
  bool state_ok = state != nullptr && state->is_string() &&
                  (*state == "healthy" || *state == "degraded" || *state == "unhealthy");
  if (!state_ok)
    return "\"state\" must be \"healthy\", \"degraded\" or \"unhealthy\"; got " +
           (state ? json::serialize(*state) : std::string("nothing"));
  if (auto m = o.if_contains("message"); m && !m->is_string()) return "\"message\" must be a string";
  if (auto d = o.if_contains("details"); d && !d->is_object()) return "\"details\" must be an object";
  return {};
}

void check_health_response(Report& report, const std::string& check, const CallResult& res) {
  std::string problem = health_problem(res);
  if (!problem.empty()) {
    report.fail(check, problem);
    return;
  }
  report.pass(check, "state " + json::serialize(parse(res.response)->at("state")));
}

}  // namespace floe::conformance
