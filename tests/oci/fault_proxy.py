#!/usr/bin/env python3
"""A fault-injecting HTTP proxy in front of a test registry, loopback only.

usage: fault_proxy.py PORT REDIRECT_PORT UPSTREAM_HOST:PORT SCENARIO_JSON LOG_FILE

Forwards every request to the upstream registry (keeping the Host header, so
the registry's Location URLs point back at the proxy) and applies the
scenario (see registry_fixture.hpp, FaultScenario) to requests whose path
contains scenario["match"]. A second server on REDIRECT_PORT plays a CDN:
blob GETs can be redirected there. Every request is logged to LOG_FILE as one
tab-separated line: server ("proxy" or "redirect"), method, path, status and
1 if an Authorization header came with it, else 0 (never its value).
"""
import http.client
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

PORT, REDIRECT_PORT, UPSTREAM = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
SCENARIO = json.loads(sys.argv[4])
LOG = sys.argv[5]
LOCK = threading.Lock()
STATE = {"failures_left": SCENARIO.get("fail_first", 0), "cuts_left": SCENARIO.get("cut_blobs_first", 0)}
REDIRECTED = {}  # digest -> bytes, served by the redirect server
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "te", "trailer", "upgrade"}


def log(server, method, path, status, authorized):
    with LOCK, open(LOG, "a") as f:
        f.write(f"{server}\t{method}\t{path}\t{status}\t{1 if authorized else 0}\n")


def take_cut():
    with LOCK:
        if STATE["cuts_left"] > 0:
            STATE["cuts_left"] -= 1
            return True
        return False


def take_failure():
    with LOCK:
        if STATE["failures_left"] > 0:
            STATE["failures_left"] -= 1
            return True
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_name = "proxy"

    def do_GET(self): self.handle_any()
    def do_HEAD(self): self.handle_any()
    def do_POST(self): self.handle_any()
    def do_PUT(self): self.handle_any()
    def do_PATCH(self): self.handle_any()
    def do_DELETE(self): self.handle_any()

    def send(self, status, headers, body):
        # Logged before answering: a test reads the log as soon as it has the answer.
        log(self.server_name, self.command, self.path, status, bool(self.headers.get("Authorization")))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if SCENARIO.get("warning"):
            self.send_header("Warning", f'299 - "{SCENARIO["warning"]}"')
        if not any(n.lower() == "content-length" for n, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("fault_proxy: " + (fmt % args) + "\n")


class Proxy(Handler):
    def handle_any(self):
        if self.path == "/__health":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        matches = SCENARIO.get("match", "") in self.path
        if matches and SCENARIO.get("delay_s", 0) > 0:
            time.sleep(SCENARIO["delay_s"])
        if matches and take_failure():
            return self.fail()
        if "/referrers/" in self.path and "referrers" in SCENARIO and self.command == "GET":
            return self.referrers()
        status, headers, payload = self.forward(body)
        is_blob_get = self.command == "GET" and "/blobs/sha256:" in self.path and status == 200
        if is_blob_get and matches and SCENARIO.get("redirect_blobs"):
            digest = self.path.split("/blobs/")[1].split("?")[0]
            REDIRECTED[digest] = payload
            return self.send(307, [("Location", f"http://127.0.0.1:{REDIRECT_PORT}/cdn/{digest}")], b"")
        if is_blob_get and matches and take_cut():
            return self.cut(payload)
        if is_blob_get and matches and SCENARIO.get("truncate_blobs"):
            payload = payload[: len(payload) // 2]
        if is_blob_get and matches and SCENARIO.get("corrupt_blobs") and payload:
            middle = len(payload) // 2
            payload = payload[:middle] + bytes([payload[middle] ^ 0xFF]) + payload[middle + 1:]
        if self.command == "HEAD":
            return self.send(status, headers, b"")  # keeps the upstream Content-Length
        self.send(status, [(n, v) for n, v in headers if n.lower() != "content-length"], payload)

    def forward(self, body):
        connection = http.client.HTTPConnection(UPSTREAM, timeout=60)
        headers = {n: v for n, v in self.headers.items() if n.lower() not in HOP_BY_HOP}
        if body or self.command in ("PUT", "POST", "PATCH"):
            headers["Content-Length"] = str(len(body))
        connection.request(self.command, self.path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        kept = [(n, v) for n, v in response.getheaders() if n.lower() not in HOP_BY_HOP or n.lower() == "content-length"]
        connection.close()
        return response.status, kept, payload

    # Promises the whole blob, sends half, drops the connection.
    def cut(self, payload):
        log(self.server_name, self.command, self.path, 0, bool(self.headers.get("Authorization")))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload[: len(payload) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(2)

    def fail(self):
        status = SCENARIO.get("fail_status", 500)
        headers = [("Content-Type", "application/json")]
        if SCENARIO.get("retry_after_s", -1) >= 0:
            headers.append(("Retry-After", str(SCENARIO["retry_after_s"])))
        code = "TOOMANYREQUESTS" if status == 429 else "UNAVAILABLE"
        self.send(status, headers, json.dumps({"errors": [{"code": code, "message": "injected fault"}]}).encode())

    # A registry with the referrers API: one descriptor per page, paged
    # through relative Link URLs, optionally filtering by artifactType.
    def referrers(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        entries = SCENARIO["referrers"]
        headers = [("Content-Type", "application/vnd.oci.image.index.v1+json")]
        wanted = query.get("artifactType", [""])[0]
        if wanted and SCENARIO.get("referrers_filter"):
            entries = [e for e in entries if e.get("artifactType") == wanted]
            headers.append(("OCI-Filters-Applied", "artifactType"))
        page = int(query.get("page", ["0"])[0])
        if page + 1 < len(entries):
            next_query = {"page": page + 1}
            if wanted:
                next_query["artifactType"] = wanted
            headers.append(("Link", f'<{url.path}?{urlencode(next_query)}>; rel="next"'))
        index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                 "manifests": entries[page:page + 1]}
        self.send(200, headers, json.dumps(index).encode())


class Redirected(Handler):
    server_name = "redirect"

    def handle_any(self):
        digest = self.path.rsplit("/", 1)[-1]
        if digest not in REDIRECTED:
            return self.send(404, [], b"not here")
        self.send(200, [("Content-Type", "application/octet-stream")], REDIRECTED[digest])


if __name__ == "__main__":
    cdn = ThreadingHTTPServer(("127.0.0.1", REDIRECT_PORT), Redirected)
    threading.Thread(target=cdn.serve_forever, daemon=True).start()
    ThreadingHTTPServer(("127.0.0.1", PORT), Proxy).serve_forever()
