#!/usr/bin/env python3
"""A tiny registry look-alike that records the headers clients send, loopback only.

usage: header_capture.py PORT LOG_FILE READY_FILE

Plays just enough of the distribution API for a client to go through a token
auth round: GET /v2/ without Authorization answers 401 with a Bearer
challenge pointing at /token on this server, /token hands out a token, and
with it /v2/ answers 200; every other path answers 404 with an OCI error
body. Each request is logged to LOG_FILE as one tab-separated line: method,
path and the User-Agent header ("-" when absent). READY_FILE is written once
the port is bound.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, READY = int(sys.argv[1]), sys.argv[2], sys.argv[3]
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self): self.answer()
    def do_HEAD(self): self.answer()
    def do_POST(self): self.answer()
    def do_PUT(self): self.answer()
    def do_PATCH(self): self.answer()
    def do_DELETE(self): self.answer()

    def answer(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        if length:
            self.rfile.read(length)
        with LOCK, open(LOG, "a") as f:
            f.write(f"{self.command}\t{self.path}\t{self.headers.get('User-Agent', '-')}\n")
        headers = {"Content-Type": "application/json"}
        if self.path.startswith("/token"):
            status, body = 200, {"token": "capture-token"}
        elif self.path == "/v2/" and "Authorization" not in self.headers:
            status, body = 401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}
            headers["WWW-Authenticate"] = (f'Bearer realm="http://127.0.0.1:{PORT}/token",'
                                           f'service="capture"')
        elif self.path == "/v2/":
            status, body = 200, {}
        else:
            status, body = 404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "not here"}]}
        data = json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
with open(READY, "w") as f:
    f.write("ready\n")
server.serve_forever()
