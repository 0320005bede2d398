"""A stand-in for the Kubernetes API's Secret endpoints, for the k8s secrets plugin's tests.

    k8s_api_stub.py PORT_FILE TOKEN

Serves on a free 127.0.0.1 port (written to PORT_FILE) until killed:
  GET /api/v1/namespaces/floe/secrets/warehouse  -> data {token, user} (base64)
  GET /api/v1/namespaces/floe/secrets/single     -> data {value} (one key)
  GET /api/v1/namespaces/floe/secrets/forbidden  -> 403
  GET /api/v1/namespaces/floe/secrets/slow       -> answers after 30 s
  GET /api/v1/namespaces/floe/secrets            -> the list
anything else 404; a request without `Authorization: Bearer TOKEN` is 401,
as the API server answers. The values are the ones the test plants.
"""
import base64
import http.server
import json
import sys
import threading
import time

PORT_FILE, TOKEN = sys.argv[1], sys.argv[2]
SECRETS = {
    "warehouse": {"token": "planted-warehouse-token-7731", "user": "floe"},
    "single": {"value": "planted-single-value-5512"},
}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.answer(401, {"kind": "Status", "code": 401, "message": "Unauthorized"})
        prefix = "/api/v1/namespaces/floe/secrets"
        if self.path == prefix:
            return self.answer(200, {"kind": "SecretList", "items": [{"metadata": {"name": n}} for n in sorted(SECRETS)]})
        name = self.path[len(prefix) + 1:] if self.path.startswith(prefix + "/") else None
        if name == "forbidden":
            return self.answer(403, {"kind": "Status", "code": 403, "message": "secrets \"forbidden\" is forbidden"})
        if name == "slow":
            time.sleep(30)
            return self.answer(200, {})
        if name in SECRETS:
            data = {k: base64.b64encode(v.encode()).decode() for k, v in SECRETS[name].items()}
            return self.answer(200, {"kind": "Secret", "metadata": {"name": name}, "data": data})
        return self.answer(404, {"kind": "Status", "code": 404, "message": "not found"})


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402
os.rename(PORT_FILE + ".tmp", PORT_FILE)
threading.Thread(target=server.serve_forever, daemon=True).start()
while True:
    time.sleep(3600)
