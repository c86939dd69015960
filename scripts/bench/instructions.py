#!/usr/bin/env python3
"""Drives scripts/bench-server-instructions.sh: seeds a server that runs under callgrind
(instrumentation off), then for each route turns counting on, sends N requests on one
keep-alive connection, dumps the count and prints instructions per request."""
import glob
import http.client
import json
import os
import struct
import subprocess
import sys
import urllib.parse

base, work = sys.argv[1], sys.argv[2]
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)


def call(method, path, token=None, body=None, raw=None, ctype=None, headers=None):
    hdrs = dict(headers or {})
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if token:
        hdrs["Authorization"] = "Bearer " + token
    if body is not None:
        hdrs["Content-Type"] = "application/json"
    if ctype:
        hdrs["Content-Type"] = ctype
    conn.request(method, "/api/v1" + path, body=data, headers=hdrs)
    res = conn.getresponse()
    text = res.read()
    if res.status >= 400:
        raise SystemExit(f"{method} {path}: {res.status} {text[:200]!r}")
    return json.loads(text) if text and res.getheader("Content-Encoding") != "gzip" else None


def register(name):
    return call("POST", "/auth/register", body={"username": name, "password": "load-test-pw"})


def wav(seconds=300, rate=8000):
    frames = seconds * rate
    head = (b"RIFF" + struct.pack("<I", 36 + frames * 2) + b"WAVEfmt " +
            struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16) + b"data" + struct.pack("<I", frames * 2))
    return head + b"".join(struct.pack("<h", (i * 37) % 2000 - 1000) for i in range(frames))


admin = register("load_admin")["token"]
band = call("POST", "/bands", admin, {"name": "Load band"})["id"]
for i in range(8):
    user = register(f"member_{i}")
    member = call("GET", "/me", user["token"])["id"]
    invite = call("POST", f"/bands/{band}/invites", admin, {"invitee_id": member})["invite"]["id"]
    call("POST", f"/me/invites/{invite}/accept", user["token"])
info_token = call("POST", f"/bands/{band}/invites", admin, {})["token"]
song = call("POST", f"/bands/{band}/songs", admin, {"title": "Long take"})["id"]
boundary = "loadtestboundary"
form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.wav\"\r\n"
        "Content-Type: audio/wav\r\n\r\n").encode() + wav() + f"\r\n--{boundary}--\r\n".encode()
version = call("POST", f"/songs/{song}/versions", admin, raw=form,
               ctype=f"multipart/form-data; boundary={boundary}")["id"]
tags = ["note", "suggestion", "issue", "keeper"]
for i in range(1000):
    body = {"at_ms": (i * 173) % 290_000, "body": f"Comment {i}: the bridge drags here.", "tag": tags[i % 4]}
    cid = call("POST", f"/versions/{version}/comments", admin, body)["id"]
    for r in range(3):
        call("POST", f"/comments/{cid}/replies", admin, {"body": f"Reply {r}: agreed."})
redeemers = [register(f"redeemer_{i}")["token"] for i in range(5)]
pairs = []
for b in range(10):
    other = call("POST", "/bands", admin, {"name": f"Other band {b}"})["id"]
    for token in redeemers:
        pairs.append((call("POST", f"/bands/{other}/invites", admin, {})["token"], token))

# Each read once before it is counted: what is measured is the steady state.
comments = f"/versions/{version}/comments"
call("GET", comments, admin, headers={"Accept-Encoding": "gzip"})

routes = [
    ("GET /invites/{token}/info", 200, lambda i: call("GET", f"/invites/{info_token}/info")),
    ("GET /bands/{id}/members", 200, lambda i: call("GET", f"/bands/{band}/members", admin)),
    ("GET /versions/{id}/comments (gzip)", 50,
     lambda i: call("GET", comments, admin, headers={"Accept-Encoding": "gzip"})),
    ("GET /versions/{id}/comments (JSON)", 50, lambda i: call("GET", comments, admin)),
    ("POST /invites/{token}/accept", len(pairs),
     lambda i: call("POST", f"/invites/{pairs[i][0]}/accept", pairs[i][1])),
]


def control(*args):
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True)


pid = open(os.path.join(work, "pid")).read().strip()
for name, n, request in routes:
    control("-z", pid)
    control("-i", "on", pid)
    for i in range(n):
        request(i)
    control("-i", "off", pid)
    control("-d", pid)
    dump = max(glob.glob(os.path.join(work, f"cg.{pid}.out.*")), key=os.path.getmtime)
    totals = next(int(line.split()[1]) for line in open(dump) if line.startswith("totals:"))
    print(f"{name:<38} {totals / n:>12,.0f} instructions per request ({n} requests)")
