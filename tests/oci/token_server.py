#!/usr/bin/env python3
"""A Docker-registry token service for tests (stdlib + the openssl CLI), loopback only.

usage: token_server.py PORT KEY_PEM CERT_PEM LOG_FILE

GET  /token?service=S&scope=repository:NAME:ACTIONS[&scope=...]  (Basic auth optional)
POST /token  grant_type=refresh_token&refresh_token=...|grant_type=password&username=&password=
Anonymous callers get pull only; ciuser (password cipass, or refresh token
ci-refresh-token) gets pull and push; bad credentials get 401; injector
(password injectpass) gets a token with a CR LF and a header appended. Tokens are
RS256 JWTs carrying the signing certificate in x5c, which docker-registry
checks against its rootcertbundle. Each token request appends one line to
LOG_FILE (who and which scopes, never a secret) so tests can count them.
"""
import base64
import json
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ISSUER = "ci-token-issuer"
SERVICE = "ci-registry"
PASSWORDS = {"ciuser": "cipass", "injector": "injectpass"}
# A hostile token service: for this user the token carries a CR LF and a
# header of its own, which a client that pastes tokens into headers sends on.
INJECTED = "\r\nX-Injected: yes"
REFRESH_TOKENS = {"ci-refresh-token": "ciuser"}
PORT, KEY, CERT, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
LOG_LOCK = threading.Lock()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def certificate_der_base64():
    der = subprocess.run(["openssl", "x509", "-in", CERT, "-outform", "DER"],
                         capture_output=True, check=True).stdout
    return base64.b64encode(der).decode()


CERT_X5C = certificate_der_base64()


def sign(data):
    return subprocess.run(["openssl", "dgst", "-sha256", "-sign", KEY], input=data,
                          capture_output=True, check=True).stdout


def mint(subject, access):
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "x5c": [CERT_X5C]}
    claims = {"iss": ISSUER, "sub": subject, "aud": SERVICE, "iat": now, "nbf": now - 5,
              "exp": now + 600, "jti": uuid.uuid4().hex, "access": access}
    head = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    return head + "." + b64url(sign(head.encode()))


def grant(scopes, user):
    allowed = {"pull", "push"} if user else {"pull"}
    access = []
    for scope in scopes:
        for item in scope.split():
            kind, _, rest = item.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind and name:
                access.append({"type": kind, "name": name,
                               "actions": sorted(a for a in actions.split(",") if a in allowed)})
    return access


class TokenHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/health":
            return self.reply(200, {})
        if url.path != "/token":
            return self.reply(404, {"error": "not found"})
        query = parse_qs(url.query)
        user = ""
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            name, _, password = base64.b64decode(header[6:]).decode().partition(":")
            if PASSWORDS.get(name) != password:
                self.log_request_line("GET", "rejected", query.get("scope", []))
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]})
            user = name
        self.issue("GET", user, query.get("scope", []))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        kind = form.get("grant_type", [""])[0]
        user = None
        if kind == "refresh_token":
            user = REFRESH_TOKENS.get(form.get("refresh_token", [""])[0])
        elif kind == "password":
            name = form.get("username", [""])[0]
            user = name if PASSWORDS.get(name) == form.get("password", [""])[0] else None
        scopes = form.get("scope", [])
        if not user:
            self.log_request_line("POST", "rejected", scopes)
            return self.reply(401, {"error": "invalid_grant"})
        self.issue("POST", user, scopes)

    def issue(self, method, user, scopes):
        self.log_request_line(method, user or "anonymous", scopes)
        token = mint(user, grant(scopes, user)) + (INJECTED if user == "injector" else "")
        self.reply(200, {"token": token, "access_token": token, "expires_in": 600,
                         "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})

    def log_request_line(self, method, who, scopes):
        with LOG_LOCK, open(LOG, "a") as log:
            log.write(json.dumps({"method": method, "user": who, "scopes": scopes}) + "\n")

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("token_server: " + (fmt % args) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", PORT), TokenHandler).serve_forever()
