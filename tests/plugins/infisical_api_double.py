"""A TEST DOUBLE of Infisical's REST API, for the infisical secrets plugin's tests.

Not Infisical: the real server (Node.js with PostgreSQL and Redis) is not
installable here. This implements the few endpoints the plugin uses, as
Infisical documents them (its API reference and the routers of
Infisical/infisical's backend, backend/src/server/routes/v1/identity-universal-auth-router.ts
and v4/secret-router.ts):

  POST   /api/v1/auth/universal-auth/login   {clientId, clientSecret} -> {accessToken, expiresIn, accessTokenMaxTTL, tokenType}
  GET    /api/v4/secrets/{name}?projectId=&environment=&secretPath=   -> {secret: {secretKey, secretValue, ...}}
  GET    /api/v4/secrets?projectId=&environment=&secretPath=&viewSecretValue=  -> {secrets: [...], imports: [...]}
  PATCH  /api/v4/secrets/{name}   {projectId, environment, secretPath, secretValue} -> {secret} | 404
  POST   /api/v4/secrets/{name}   the same -> {secret} | 400 when it exists

Errors are Infisical's {statusCode, message, error}. Bearer tokens: the
static --token, or one a login issued, valid for --ttl seconds (then 401,
as an expired machine identity token is). The secrets are those below, with
--planted as the value the test must never see outside get_secret.
Folder /restricted answers 403; folder /masked hides values (a read
without the permission to see them); folder /approval answers writes with
an approval request. POST /__double/revoke revokes every issued token.

    infisical_api_double.py PORT_FILE LOG_FILE --planted V --token T --client-id I --client-secret S [--ttl N]

Serves on a free 127.0.0.1 port (written to PORT_FILE) until killed. Every
request is appended to LOG_FILE as one JSON line, credentials and values
replaced by placeholders, so the tests can compare the requests with golden
files.
"""
import argparse
import http.server
import json
import os
import threading
import time
import urllib.parse

args = argparse.ArgumentParser()
args.add_argument("port_file")
args.add_argument("log_file")
args.add_argument("--planted", required=True)
args.add_argument("--token", required=True)
args.add_argument("--client-id", required=True)
args.add_argument("--client-secret", required=True)
args.add_argument("--ttl", type=int, default=3600)
options = args.parse_args()

PROJECT, ENVIRONMENT = "proj-7f3a", "prod"
FOLDERS = {
    "/": {"DB_PASSWORD": options.planted, "DB_USER": "floe", "WAREHOUSE_AGENT": options.planted},
    "/warehouse": {"password": options.planted, "user": "floe", "port": "5432"},
    "/teams/finance": {"DB_TOKEN": options.planted, "API_KEY": "finance-key"},
    "/restricted": {"ROOT_KEY": options.planted},
    "/masked": {"HIDDEN": options.planted},
    "/approval": {"GUARDED": "old"},
}
lock = threading.Lock()
issued = {}  # access token -> expiry (time.time())
logins = [0]


def log(entry):
    with lock, open(options.log_file, "a") as f:
        f.write(json.dumps(entry) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, name, message):
        self.answer(status, {"reqId": "req-double", "statusCode": status, "message": message, "error": name})

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}") if length else {}

    def who(self):
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        if token is None:
            return "none", False
        if token == options.token:
            return "static token", True
        with lock:
            expiry = issued.get(token)
        if expiry is None:
            return "unknown token", False
        return f"login {token.split('-')[1]} token", time.time() < expiry

    def record(self, body=None):
        url = urllib.parse.urlsplit(self.path)
        entry = {"method": self.command, "path": url.path,
                 "query": dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True)),
                 "authorization": self.who()[0]}
        if body is not None:
            entry["body"] = {k: ("<value>" if k == "secretValue" else "<client secret>" if k == "clientSecret" else v)
                             for k, v in body.items()}
        log(entry)
        return url

    def do_POST(self):
        if self.path == "/__double/revoke":
            with lock:
                issued.clear()
            return self.answer(200, {})
        body = self.body()
        url = self.record(body)
        if url.path == "/api/v1/auth/universal-auth/login":
            if body.get("clientId") != options.client_id or body.get("clientSecret") != options.client_secret:
                return self.error(401, "Unauthorized", "Invalid credentials")
            with lock:
                logins[0] += 1
                token = f"issued-{logins[0]}-{os.urandom(6).hex()}"
                issued[token] = time.time() + options.ttl
            return self.answer(200, {"accessToken": token, "expiresIn": options.ttl,
                                     "accessTokenMaxTTL": options.ttl * 10, "tokenType": "Bearer"})
        return self.write_secret(url, body, create=True)

    def do_PATCH(self):
        body = self.body()
        return self.write_secret(self.record(body), body, create=False)

    def write_secret(self, url, body, create):
        if not self.who()[1]:
            return self.error(401, "Unauthorized", "Failed to authenticate identity access token")
        if not url.path.startswith("/api/v4/secrets/"):
            return self.error(404, "NotFound", f"Route {self.command}:{url.path} not found")
        name = urllib.parse.unquote(url.path[len("/api/v4/secrets/"):])
        folder = body.get("secretPath", "/")
        if body.get("projectId") != PROJECT or body.get("environment") != ENVIRONMENT or folder not in FOLDERS:
            return self.error(404, "NotFound", f"Folder with path '{folder}' in environment was not found")
        if folder == "/approval":
            return self.answer(200, {"approval": {"id": "approval-1", "status": "open"}})
        secrets = FOLDERS[folder]
        if create and name in secrets:
            return self.error(400, "BadRequest", "Secret already exist")
        if not create and name not in secrets:
            return self.error(404, "NotFound", f"Secret with name '{name}' not found")
        secrets[name] = body.get("secretValue", "")
        return self.answer(200, {"secret": {"secretKey": name, "environment": ENVIRONMENT, "version": 1}})

    def do_GET(self):
        url = self.record()
        query = dict(urllib.parse.parse_qsl(url.query))
        if not self.who()[1]:
            return self.error(401, "Unauthorized", "Failed to authenticate identity access token")
        if query.get("projectId") != PROJECT or query.get("environment") != ENVIRONMENT:
            return self.error(404, "NotFound", f"Environment with slug '{query.get('environment')}' in project not found")
        folder = query.get("secretPath", "/").rstrip("/") or "/"
        if folder == "/restricted":
            return self.error(403, "PermissionDenied", "You are not allowed to read secrets in this folder")
        secrets = FOLDERS.get(folder, {})
        hidden = folder == "/masked" or query.get("viewSecretValue") == "false"

        def shape(key):
            return {"id": f"id-{key}", "workspace": PROJECT, "environment": ENVIRONMENT, "version": 1, "type": "shared",
                    "secretKey": key, "secretValue": "<hidden-by-infisical>" if hidden else secrets[key],
                    "secretValueHidden": hidden, "secretPath": folder, "secretComment": "", "tags": []}

        if url.path == "/api/v4/secrets":
            return self.answer(200, {"secrets": [shape(k) for k in sorted(secrets)], "imports": []})
        name = urllib.parse.unquote(url.path[len("/api/v4/secrets/"):]) if url.path.startswith("/api/v4/secrets/") else None
        if name is None:
            return self.error(404, "NotFound", f"Route GET:{url.path} not found")
        if name not in secrets:
            return self.error(404, "NotFound", f"Secret with name '{name}' not found")
        return self.answer(200, {"secret": shape(name)})


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(options.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(options.port_file + ".tmp", options.port_file)
server.serve_forever()
