#!/usr/bin/env python3
"""A fault-injecting proxy in front of the Iceberg REST fixture, loopback only.

usage: iceberg_fault_proxy.py PORT UPSTREAM_HOST:PORT SCENARIO_JSON LOG_FILE

Forwards catalog requests to the upstream REST server and applies the
scenario (tests/support/iceberg_rest_fixture.hpp, IcebergFaultScenario):

- client_id/client_secret: serves POST /v1/oauth/tokens (client_credentials)
  itself, issuing tokens tok-1, tok-2, ... with token_expires_in; catalog
  requests then need one of its tokens (401 otherwise). The first
  revoke_first_tokens tokens are answered 401 on their first use, as a token
  the server expired early. always_401 rejects every catalog request.
  A token request is served at any path ending in /oauth/tokens or /token;
  require_scope: a token request with another scope is 400 invalid_scope.
- forbid_match: 403 ForbiddenException for paths containing it.
- match (+ fail_method) + fail_first/fail_status/fail_type: the first N
  matching requests fail with that status and error type.
- delay_s: matching requests sleep first (a slow catalog).
- hold_dir: a matching request creates <hold_dir>/held, then waits for
  <hold_dir>/release before it goes on (the test acts in between).
- corrupt_metadata: table loads get /metadata/snapshots/0/timestamp-ms as a
  string.
- config_defaults / config_overrides: merged into GET /v1/config's answer;
  an override "prefix" is stripped from request paths before forwarding
  (the fixture serves no prefix), so a client that honours it still works.
- serialize_upstream: one request at a time to the upstream (the fixture's
  in-memory SQLite fails concurrent queries) while clients stay concurrent.
- vend_credentials: table loads (and creates and registers) that ask for vended-credentials get S3
  credentials in config and storage-credentials (vended_key_id,
  vended_secret; vended_session_token; vended_prefix), and vended_config's
  keys in config (an endpoint, path style, as Polaris vends for MinIO).

Every request is logged to LOG_FILE as one tab-separated line: method, path,
status, 1 if an Authorization header came with it else 0 (never its value),
and the X-Iceberg-Access-Delegation header as sent.
"""
import http.client
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

PORT, UPSTREAM = int(sys.argv[1]), sys.argv[2]
S = json.loads(sys.argv[3])
LOG = sys.argv[4]
LOCK = threading.Lock()
UPSTREAM_LOCK = threading.Lock()
STATE = {"failures_left": S.get("fail_first", 0), "issued": 0, "valid": set(), "revoked_unused": set()}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "te", "trailer", "upgrade"}


def log(method, path, status, authorized, delegation):
    with LOCK, open(LOG, "a") as f:
        f.write(f"{method}\t{path}\t{status}\t{1 if authorized else 0}\t{delegation}\n")


def take_failure():
    with LOCK:
        if STATE["failures_left"] > 0:
            STATE["failures_left"] -= 1
            return True
        return False


def error_body(status, kind, message):
    return json.dumps({"error": {"message": message, "type": kind, "code": status}}).encode()


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self): self.handle_any()
    def do_HEAD(self): self.handle_any()
    def do_POST(self): self.handle_any()
    def do_DELETE(self): self.handle_any()

    def log_message(self, fmt, *args):
        sys.stderr.write("iceberg_fault_proxy: " + (fmt % args) + "\n")

    def send(self, status, headers, body):
        log(self.command, getattr(self, "logged_path", self.path.split("?")[0]), status, bool(self.headers.get("Authorization")),
            self.headers.get("X-Iceberg-Access-Delegation", ""))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_endless(self):
        """A 200 whose JSON body never ends (no Content-Length: it lasts until the
        connection closes): a client must stop at its own limit, not buffer it all."""
        log(self.command, self.logged_path, 200, bool(self.headers.get("Authorization")), "")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        chunk = b"x" * 65536
        try:
            self.wfile.write(b'{"defaults": {"padding": "')
            while True:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def hold(self, folder):
        """Says a matching request arrived (<folder>/held) and waits, at most 120 s,
        until the test creates <folder>/release: the test acts in between (another
        writer commits while a run's commit is in flight)."""
        open(os.path.join(folder, "held"), "w").close()
        deadline = time.time() + 120
        while not os.path.exists(os.path.join(folder, "release")) and time.time() < deadline:
            time.sleep(0.05)

    def handle_any(self):
        if self.path == "/__health":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0]
        self.logged_path = path
        if (path.endswith("/oauth/tokens") or path.endswith("/token")) and S.get("client_id"):
            return self.token(body)
        if S.get("client_id") or S.get("always_401"):
            auth = self.headers.get("Authorization", "")
            token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
            with LOCK:
                ok = token in STATE["valid"] and not S.get("always_401")
                if ok and token in STATE["revoked_unused"]:
                    STATE["revoked_unused"].discard(token)
                    STATE["valid"].discard(token)
                    ok = False
            if not ok:
                return self.send(401, [("Content-Type", "application/json")],
                                 error_body(401, "NotAuthorizedException", "Not authorized: token expired or invalid"))
        if S.get("forbid_match") and S["forbid_match"] in path:
            return self.send(403, [("Content-Type", "application/json")],
                             error_body(403, "ForbiddenException",
                                        f"Forbidden: principal {S.get('client_id') or 'anonymous'} may not access this"))
        prefix = S.get("config_overrides", {}).get("prefix")
        if prefix:
            if not path.startswith(f"/v1/{prefix}/") and path != "/v1/config":
                return self.send(404, [("Content-Type", "application/json")],
                                 error_body(404, "NotFoundException", f"expected the prefix /v1/{prefix}/"))
            self.path = self.path.replace(f"/v1/{prefix}/", "/v1/", 1)
        matches = S.get("match", "") in path and S.get("fail_method", "") in ("", self.command)
        if matches and S.get("delay_s", 0) > 0:
            time.sleep(S["delay_s"])
        if matches and S.get("hold_dir"):
            self.hold(S["hold_dir"])
        if matches and S.get("endless_body"):
            return self.send_endless()
        if matches and take_failure():
            status = S.get("fail_status", 503)
            return self.send(status, [("Content-Type", "application/json")],
                             error_body(status, S.get("fail_type") or "ServiceFailureException", "injected fault"))
        status, headers, payload = self.forward(body)
        if path == "/v1/config" and status == 200 and (S.get("config_defaults") or S.get("config_overrides")):
            doc = json.loads(payload)
            doc.setdefault("defaults", {}).update(S.get("config_defaults", {}))
            doc.setdefault("overrides", {}).update(S.get("config_overrides", {}))
            payload = json.dumps(doc).encode()
        # A LoadTableResult: a table load, or a create (staged or not) or a
        # register, which answer one too (and vend with it, as Polaris does).
        bare = path.split("?", 1)[0].rstrip("/")
        is_table_load = self.command == "GET" and "/tables/" in path and status == 200
        answers_table = is_table_load or (status == 200 and self.command == "POST" and
                                          (bare.endswith("/tables") or bare.endswith("/register")))
        if (is_table_load and S.get("corrupt_metadata")) or (answers_table and S.get("vend_credentials")):
            doc = json.loads(payload)
            if is_table_load and S.get("corrupt_metadata") and doc["metadata"].get("snapshots"):
                doc["metadata"]["snapshots"][0]["timestamp-ms"] = "yesterday"
            if S.get("vend_credentials") and "vended-credentials" in self.headers.get("X-Iceberg-Access-Delegation", ""):
                secret, key_id = S["vended_secret"], S.get("vended_key_id", "AKIAFLOETEST")
                vended = {"s3.access-key-id": key_id, "s3.secret-access-key": secret}
                if S.get("vended_session_token", True):
                    vended["s3.session-token"] = secret + "-session"
                grant = dict(vended)  # the keys as one set: with the session token when there is one
                vended.update(S.get("vended_config", {}))
                doc.setdefault("config", {}).update(vended)
                doc["storage-credentials"] = [{"prefix": S.get("vended_prefix", "s3://warehouse/"), "config": grant}]
            payload = json.dumps(doc).encode()
        self.send(status, headers, payload)

    def token(self, body):
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if form.get("grant_type") != "client_credentials":
            return self.send(400, [("Content-Type", "application/json")],
                             json.dumps({"error": "unsupported_grant_type"}).encode())
        if S.get("require_scope") and form.get("scope") != S["require_scope"]:
            return self.send(400, [("Content-Type", "application/json")],
                             json.dumps({"error": "invalid_scope", "error_description": "scope not granted"}).encode())
        if form.get("client_id") != S["client_id"] or form.get("client_secret") != S["client_secret"]:
            return self.send(401, [("Content-Type", "application/json")],
                             json.dumps({"error": "invalid_client", "error_description": "unknown client or wrong secret"}).encode())
        with LOCK:
            STATE["issued"] += 1
            token = f"tok-{STATE['issued']}-{form.get('scope', '')}"
            if S.get("inject_into_token"):  # a hostile endpoint: a header rides on the token
                token += "\r\nX-Injected: yes"
            STATE["valid"].add(token)
            if STATE["issued"] <= S.get("revoke_first_tokens", 0):
                STATE["revoked_unused"].add(token)
        self.send(200, [("Content-Type", "application/json")], json.dumps({
            "access_token": token, "token_type": "bearer", "expires_in": S.get("token_expires_in", 3600),
            "issued_token_type": "urn:ietf:params:oauth:token-type:access_token"}).encode())

    def forward(self, body):
        if S.get("serialize_upstream"):
            with UPSTREAM_LOCK:
                return self.forward_one(body)
        return self.forward_one(body)

    def forward_one(self, body):
        connection = http.client.HTTPConnection(UPSTREAM, timeout=60)
        # Plain bodies from upstream: the proxy may rewrite them.
        headers = {n: v for n, v in self.headers.items() if n.lower() not in HOP_BY_HOP and n.lower() != "accept-encoding"}
        if body or self.command in ("POST",):
            headers["Content-Length"] = str(len(body))
        connection.request(self.command, self.path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        kept = [(n, v) for n, v in response.getheaders() if n.lower() not in HOP_BY_HOP and n.lower() != "content-encoding"]
        connection.close()
        return response.status, kept, payload


class Server(ThreadingHTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    Server(("127.0.0.1", PORT), Proxy).serve_forever()
