"""The alert tests' receivers on 127.0.0.1 (tests/run/alert_run_test.cpp).

  http  --port P --log FILE --ready FILE [--hmac-key-env NAME] [--fail-first N]
        Records every POST as a JSON line {"path", "headers", "body", "signature_ok"}.
        With --hmac-key-env, checks X-Floe-Signature = sha256=HMAC(key, timestamp + "." + body)
        and answers 401 when it does not match. The first N requests get 503.
  smtp  --port P --log FILE --ready FILE
        aiosmtpd: records every mail as a JSON line {"from", "to", "content"}.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import sys
import time


def serve_http(args):
    key = os.environ.get(args.hmac_key_env, "") if args.hmac_key_env else ""
    state = {"seen": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state["seen"] += 1
            ok = None
            if key:
                stamp = self.headers.get("X-Floe-Timestamp", "")
                want = "sha256=" + hmac.new(key.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
                ok = hmac.compare_digest(want, self.headers.get("X-Floe-Signature", ""))
            with open(args.log, "a") as log:
                log.write(json.dumps({"path": self.path, "headers": dict(self.headers),
                                      "body": body.decode(), "signature_ok": ok}) + "\n")
            status = 503 if state["seen"] <= args.fail_first else 401 if ok is False else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = http.server.HTTPServer(("127.0.0.1", args.port), Handler)
    open(args.ready, "w").close()
    server.serve_forever()


def serve_smtp(args):
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with open(args.log, "a") as log:
                log.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                      "content": envelope.content.decode("utf-8", "replace")}) + "\n")
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=args.port)
    controller.start()
    open(args.ready, "w").close()
    while True:
        time.sleep(3600)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["http", "smtp"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--hmac-key-env", default="")
    p.add_argument("--fail-first", type=int, default=0)
    args = p.parse_args()
    serve_http(args) if args.mode == "http" else serve_smtp(args)


if __name__ == "__main__":
    sys.exit(main())
