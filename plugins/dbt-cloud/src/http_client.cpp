#include "http_client.hpp"

#include "base/http_exchange.hpp"

namespace floe::dbt_cloud {

HttpOutcome perform(const HttpRequest& request) {
  base::HttpCall call;
  call.method = request.method;
  call.url = request.url;
  call.headers = request.headers;
  call.body = request.method == "POST" ? request.body : std::string();
  call.timeout = request.timeout;
  call.connect_timeout = request.timeout;
  // run_results.json of a large project is tens of MB.
  call.max_body = std::size_t{256} << 20;
  call.cancelled = request.cancelled;
  base::HttpReply reply = base::exchange(call);
  HttpOutcome outcome;
  if (reply.answered) {
    outcome.how = HttpOutcome::kind::answered;
    outcome.status = reply.status;
    outcome.body = std::move(reply.body);
    return outcome;
  }
  outcome.problem = reply.problem;
  outcome.how = reply.cancelled   ? HttpOutcome::kind::cancelled
                : reply.timed_out ? HttpOutcome::kind::timed_out
                                  : HttpOutcome::kind::unreachable;
  return outcome;
}

}  // namespace floe::dbt_cloud
