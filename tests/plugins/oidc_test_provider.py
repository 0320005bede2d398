"""A small OpenID Connect provider for the identity-oidc tests, on 127.0.0.1.

  oidc_test_provider.py --port P --ready FILE

Serves /.well-known/openid-configuration (issuer http://127.0.0.1:P), /jwks
(an RSA key "rsa-1" and an EC P-256 key "ec-1", made at start with
`cryptography`), /token (the client-credentials grant for client "floe",
secret from $OIDC_TEST_CLIENT_SECRET, an RS256 access token for audience
"floe") and, for the tests only, POST /mint {"claims", "alg", "kid"} which
signs any claims with either key (alg "none" and "HS256" made as asked).
"""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import time
import urllib.parse

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def number(n, length=None):
    length = length or (n.bit_length() + 7) // 8
    return b64(n.to_bytes(length, "big"))


RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC = ec.generate_private_key(ec.SECP256R1())


def jwks():
    r, e = RSA.public_key().public_numbers(), EC.public_key().public_numbers()
    return {"keys": [{"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256", "n": number(r.n), "e": number(r.e)},
                     {"kty": "EC", "kid": "ec-1", "use": "sig", "alg": "ES256", "crv": "P-256",
                      "x": number(e.x, 32), "y": number(e.y, 32)}]}


def sign(claims, alg="RS256", kid="rsa-1"):
    header = {"alg": alg, "typ": "JWT", "kid": kid}
    signing_input = (b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())).encode()
    if alg == "RS256":
        signature = RSA.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "ES256":
        r, s = decode_dss_signature(EC.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    elif alg == "HS256":
        signature = hmac.new(b"shared", signing_input, hashlib.sha256).digest()
    else:  # "none"
        signature = b""
    return signing_input.decode() + "." + b64(signature)


def serve(args):
    issuer = f"http://127.0.0.1:{args.port}"

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/.well-known/openid-configuration":
                self.reply(200, {"issuer": issuer, "jwks_uri": issuer + "/jwks", "token_endpoint": issuer + "/token",
                                 "authorization_endpoint": issuer + "/authorize",
                                 "id_token_signing_alg_values_supported": ["RS256", "ES256"]})
            elif self.path == "/jwks":
                self.reply(200, jwks())
            else:
                self.reply(404, {"error": "not_found"})

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            if self.path == "/mint":
                req = json.loads(body)
                self.reply(200, {"token": sign(req["claims"], req.get("alg", "RS256"), req.get("kid", "rsa-1"))})
            elif self.path == "/token":
                form = urllib.parse.parse_qs(body)
                ok = (form.get("grant_type") == ["client_credentials"] and form.get("client_id") == ["floe"]
                      and form.get("client_secret") == [os.environ.get("OIDC_TEST_CLIENT_SECRET", "")])
                if not ok:
                    self.reply(401, {"error": "invalid_client"})
                    return
                now = int(time.time())
                self.reply(200, {"access_token": sign({"iss": issuer, "aud": "floe", "sub": "service-account-floe",
                                                       "iat": now, "exp": now + 300}),
                                 "token_type": "Bearer", "expires_in": 300})
            else:
                self.reply(404, {"error": "not_found"})

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    open(args.ready, "w").close()
    server.serve_forever()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ready", required=True)
    serve(p.parse_args())
