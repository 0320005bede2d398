"""A stand-in for dbt Cloud's Administrative API (v2) on 127.0.0.1, for the
dbt-cloud plugin's tests. There is no real dbt Cloud here: this server answers
the four calls the plugin makes with the shapes dbt Cloud documents and its
public clients read (Airflow's dbt Cloud provider, dbt-cloud-cli):

  POST /api/v2/accounts/{account}/jobs/{job}/run/        {"cause", "steps_override"}
  GET  /api/v2/accounts/{account}/runs/{run}/
  POST /api/v2/accounts/{account}/runs/{run}/cancel/
  GET  /api/v2/accounts/{account}/runs/{run}/artifacts/{run_results.json|manifest.json}
  GET  /api/v2/accounts/{account}/jobs/{job}/

every answer in the envelope {"status": {"code", "is_success", "user_message",
"developer_message"}, "data": ...}, runs with the documented status codes (1
queued, 3 running, 10 success, 20 error, 30 cancelled), and a request without
"Authorization: Token <token>" refused with 401.

    python3 dbt_cloud_stub.py --scenario NAME --token TOKEN --account 7 --job 42 --log FILE

prints its port on stdout once it listens, then serves until it is stopped.
Every request is appended to FILE as a JSON line (method, path, whether the
token matched, the JSON body); the token itself is never written.

Scenarios: success, failed (the run ends in error, one model failed),
cancelled (cancelled in dbt Cloud, no artifacts), unauthorized (401 for
everything), flaky (the trigger answers 503 once and the status 500 twice,
then as success), hung (accepts and never answers), running (the run never
finishes until it is cancelled).
"""

import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RUN_ID = 9001
STATUS_NAMES = {1: "Queued", 2: "Starting", 3: "Running", 10: "Success", 20: "Error", 30: "Cancelled"}


def envelope(code, data, message="Success!"):
    return {"status": {"code": code, "is_success": code < 400, "user_message": message,
                       "developer_message": ""}, "data": data}


def timing(start, end):
    return [{"name": "compile", "started_at": start, "completed_at": start},
            {"name": "execute", "started_at": start, "completed_at": end}]


def result(unique_id, status, message, seconds=0.25, relation=None, failures=None):
    return {"status": status, "timing": timing("2026-11-23T07:00:00.100000Z", "2026-11-23T07:00:00.350000Z"),
            "thread_id": "Thread-1", "execution_time": seconds, "adapter_response": {"rows_affected": 3},
            "message": message, "failures": failures, "unique_id": unique_id,
            "compiled": True, "relation_name": relation}


def run_results(step, failed):
    """What dbt writes for the step's command: a build or a test."""
    if step.startswith("dbt test"):
        results = [result("test.shop.not_null_bronze_orders_order_id.24f68d0dd3", "pass", "Pass", failures=0),
                   result("test.shop.unique_bronze_orders_order_id.eec6e86d13",
                          "fail" if failed else "pass", "Got 1 result" if failed else "Pass",
                          failures=1 if failed else 0)]
    else:
        results = [result("seed.shop.raw_orders", "success", "INSERT 5", relation='"shop"."main"."raw_orders"'),
                   result("model.shop.bronze_orders", "success", "OK", relation='"shop"."main"."bronze_orders"'),
                   result("model.shop.silver_customer_totals", "error" if failed else "success",
                          'Binder Error: Referenced column "no_such_column" not found' if failed else "OK",
                          relation='"shop"."main"."silver_customer_totals"')]
    return {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
                         "dbt_version": "1.9.3", "generated_at": "2026-11-23T07:00:01.000000Z",
                         "invocation_id": "5c6f7d1e-0000-4000-8000-000000009001", "env": {}},
            "results": results, "elapsed_time": 1.5, "args": {}}


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.status = 1
        self.polls = 0
        self.trigger_failures = 1 if args.scenario == "flaky" else 0
        self.poll_failures = 2 if args.scenario == "flaky" else 0
        self.step = ""
        self.port = 0

    def run(self):
        return {"id": RUN_ID, "account_id": self.args.account, "job_definition_id": self.args.job,
                "status": self.status, "status_humanized": STATUS_NAMES[self.status],
                "status_message": {20: "Job run failed: 1 model failed",
                                   30: "Cancelled by a user in dbt Cloud"}.get(self.status),
                "dbt_version": "versionless", "git_branch": "main", "trigger": {"cause": "x"},
                "href": f"http://127.0.0.1:{self.port}/deploy/{self.args.account}/projects/1/runs/{RUN_ID}/",
                "is_complete": self.status in (10, 20, 30), "is_success": self.status == 10,
                "is_error": self.status == 20, "is_cancelled": self.status == 30,
                "in_progress": self.status in (1, 2, 3)}

    def advance(self):
        """The status after one more poll: queued, running, then the scenario's end."""
        self.polls += 1
        if self.status in (10, 20, 30) or self.args.scenario == "running":
            if self.status == 1:
                self.status = 3
            return
        end = {"failed": 20, "cancelled": 30}.get(self.args.scenario, 10)
        self.status = 3 if self.polls == 1 else end


def handler_for(state):
    account, job = state.args.account, state.args.job

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def answer(self, code, doc, raw=None):
            body = raw if raw is not None else json.dumps(doc).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def record(self, body):
            entry = {"method": self.command, "path": self.path,
                     "token_ok": self.headers.get("Authorization") == "Token " + state.args.token,
                     "body": body}
            with state.lock, open(state.args.log, "a") as log:
                log.write(json.dumps(entry) + "\n")

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            text = self.rfile.read(length).decode() if length else ""
            body = json.loads(text) if text else None
            self.record(body)
            if state.args.scenario == "hung":
                time.sleep(3600)
                return
            if self.headers.get("Authorization") != "Token " + state.args.token or state.args.scenario == "unauthorized":
                return self.answer(401, envelope(401, None, "Invalid token."))
            prefix = f"/api/v2/accounts/{account}"
            path = self.path.split("?")[0]
            with state.lock:
                if self.command == "POST" and path == f"{prefix}/jobs/{job}/run/":
                    if state.trigger_failures > 0:
                        state.trigger_failures -= 1
                        return self.answer(503, envelope(503, None, "Service unavailable, try again"))
                    state.step = (body or {}).get("steps_override", [""])[0]
                    state.status = 1
                    return self.answer(200, envelope(200, state.run()))
                if self.command == "GET" and path == f"{prefix}/jobs/{job}/":
                    return self.answer(200, envelope(200, {"id": job, "name": "floe build", "dbt_version": None}))
                if self.command == "GET" and path == f"{prefix}/runs/{RUN_ID}/":
                    if state.poll_failures > 0:
                        state.poll_failures -= 1
                        return self.answer(500, envelope(500, None, "Internal server error"))
                    state.advance()
                    return self.answer(200, envelope(200, state.run()))
                if self.command == "POST" and path == f"{prefix}/runs/{RUN_ID}/cancel/":
                    state.status = 30
                    return self.answer(200, envelope(200, state.run()))
                artifact = re.fullmatch(prefix + rf"/runs/{RUN_ID}/artifacts/(.+)", path)
                if self.command == "GET" and artifact:
                    name = artifact.group(1)
                    if state.status == 30 or name not in ("run_results.json", "manifest.json"):
                        return self.answer(404, envelope(404, None, "Artifact not found"))
                    if name == "manifest.json":
                        return self.answer(200, None, json.dumps({"metadata": {"dbt_version": "1.9.3"},
                                                                  "nodes": {}}).encode())
                    return self.answer(200, None, json.dumps(run_results(state.step, state.status == 20)).encode())
            return self.answer(404, envelope(404, None, "Not found"))

        do_GET = handle_any
        do_POST = handle_any

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", required=True,
                        choices=["success", "failed", "cancelled", "unauthorized", "flaky", "hung", "running"])
    parser.add_argument("--token", required=True)
    parser.add_argument("--account", type=int, required=True)
    parser.add_argument("--job", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    print(state.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
