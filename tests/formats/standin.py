#!/usr/bin/env python3
"""A stand-in for the AWS endpoints cisharden's reports are sent to, on
127.0.0.1: Security Hub BatchImportFindings (POST /findings/import), SSM
PutComplianceItems (X-Amz-Target AmazonSSM.PutComplianceItems), S3
PutObject (PUT /BUCKET/KEY, owner 111122223333), and the
instance metadata service's IMDSv2 paths the component reads. It records
every request, keeps findings by Id and compliance items by (resource,
type) as the services do (a resubmitted Id updates, a new put replaces),
and answers like them.

usage: standin.py --port-file FILE --log FILE   (serve until killed; each
request is one JSON line in the log)
Imported by check_formats.py, which serves it in a thread.
"""
import argparse
import http.server
import json
import threading

IDENTITY = {"accountId": "111122223333", "region": "eu-west-1",
            "instanceId": "i-0123456789abcdef0"}
TOKEN = "standin-imds-token"


class Standin(http.server.BaseHTTPRequestHandler):
    requests, findings, compliance, objects = [], {}, {}, {}
    log = None
    lock = threading.Lock()

    def record(self, body):
        entry = {"method": self.command, "path": self.path,
                 "target": self.headers.get("X-Amz-Target", ""), "body": body}
        with Standin.lock:
            Standin.requests.append(entry)
            if Standin.log:
                with open(Standin.log, "a") as f:
                    f.write(json.dumps(entry) + "\n")

    def reply(self, code, data, ctype="application/json"):
        data = data.encode() if isinstance(data, str) else data
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        if self.path == "/latest/api/token":     # IMDSv2: a session token first
            self.record(None)
            if self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.reply(200, TOKEN, "text/plain")
            return self.reply(400, "bad token request", "text/plain")
        # S3 PutObject, path style (/BUCKET/KEY), with the bucket owner check
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.record({"bytes": len(data),
                     "expected_owner": self.headers.get("x-amz-expected-bucket-owner")})
        if self.headers.get("x-amz-expected-bucket-owner") not in (None, IDENTITY["accountId"]):
            return self.reply(403, "<Error><Code>AccessDenied</Code></Error>", "application/xml")
        with Standin.lock:
            Standin.objects[self.path] = data
        self.send_response(200)
        self.send_header("ETag", '"0"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.record(None)
        if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            return self.reply(401, "", "text/plain")     # IMDSv1 is refused
        paths = {
            "/latest/meta-data/instance-id": IDENTITY["instanceId"],
            "/latest/meta-data/placement/region": IDENTITY["region"],
            "/latest/dynamic/instance-identity/document": json.dumps(
                {"accountId": IDENTITY["accountId"], "region": IDENTITY["region"],
                 "instanceId": IDENTITY["instanceId"], "architecture": "x86_64"}, indent=2),
        }
        if self.path in paths:
            return self.reply(200, paths[self.path], "text/plain")
        self.reply(404, "", "text/plain")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw or b"{}")
        self.record(body)
        target = self.headers.get("X-Amz-Target", "")
        if self.path == "/findings/import":
            with Standin.lock:
                for f in body["Findings"]:
                    Standin.findings[f["Id"]] = f
            return self.reply(200, json.dumps({"FailedCount": 0, "SuccessCount": len(body["Findings"]),
                                               "FailedFindings": []}))
        if target == "AmazonSSM.PutComplianceItems":
            with Standin.lock:
                Standin.compliance[(body["ResourceId"], body["ComplianceType"])] = body["Items"]
            return self.reply(200, "{}", "application/x-amz-json-1.1")
        self.reply(400, json.dumps({"message": "the stand-in knows no such call"}))

    def log_message(self, *args):
        pass


def serve():
    """Start the stand-in in a thread: (server, base URL)."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Standin)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, "http://127.0.0.1:%d" % srv.server_address[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    Standin.log = a.log
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Standin)
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    import os
    os.rename(a.port_file + ".tmp", a.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
