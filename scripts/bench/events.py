#!/usr/bin/env python3
"""Fan-out of one change to many open event streams (GET /api/v1/events).

Against a running rehearsalhub-server: registers USERS accounts, puts them all in one band,
opens STREAMS event streams spread over them (raw sockets, one epoll loop, so the client
adds little to what it measures), reads the server's resident memory before and after,
then makes CHANGES changes (a new song each, a second apart) and times, for every stream,
from just before the request that makes the change to the moment the stream has the
change. Prints the figures.

Usage: events.py BASE_URL SERVER_PID [STREAMS] [USERS] [CHANGES]
"""
import json
import selectors
import socket
import sys
import time
import urllib.parse
import urllib.request

base, pid = sys.argv[1], int(sys.argv[2])
streams_n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
# An account may hold 32 streams at once: 20 each.
users_n = int(sys.argv[4]) if len(sys.argv) > 4 else (streams_n + 19) // 20
changes_n = int(sys.argv[5]) if len(sys.argv) > 5 else 5
api = base + "/api/v1"
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port


def call(method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(api + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as res:
        text = res.read()
        return json.loads(text) if text else None


def memory():
    """Resident and proportional set size of the server, in KiB."""
    rss = pss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def register(name):
    return call("POST", "/auth/register", body={"username": name, "password": "load-test-pw"})["token"]


admin = register("events_admin")
band = call("POST", "/bands", admin, {"name": "Fan-out band"})["id"]
users = [admin]
for i in range(users_n - 1):
    token = register(f"events_user_{i:03}")
    invite = call("POST", f"/bands/{band}/invites", admin, {})["token"]
    call("POST", f"/invites/{invite}/accept", token)
    users.append(token)

time.sleep(1)
before = memory()
sel = selectors.DefaultSelector()
socks = []
for i in range(streams_n):
    s = socket.create_connection((host, port))
    s.sendall(
        f"GET /api/v1/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n"
        f"Authorization: Bearer {users[i % len(users)]}\r\n\r\n".encode()
    )
    s.setblocking(False)
    socks.append(s)
    sel.register(s, selectors.EVENT_READ, i)

buffers = [b""] * streams_n
ready = 0
deadline = time.monotonic() + 60
while ready < streams_n and time.monotonic() < deadline:
    for key, _ in sel.select(timeout=1):
        i = key.data
        chunk = key.fileobj.recv(65536)
        if not chunk:
            sys.exit(f"stream {i} closed before it was ready")
        had = b"event: ready" in buffers[i]
        buffers[i] += chunk
        if not had and b"event: ready" in buffers[i]:
            ready += 1
if ready < streams_n:
    sys.exit(f"only {ready} of {streams_n} streams opened")
time.sleep(2)
after = memory()

latencies = []
for n in range(changes_n):
    buffers = [b""] * streams_n
    got = [False] * streams_n
    left = streams_n
    t0 = time.monotonic()
    call("POST", f"/bands/{band}/songs", admin, {"title": f"Song {n}"})
    deadline = t0 + 30
    while left and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            i = key.data
            chunk = key.fileobj.recv(65536)
            if got[i]:
                continue
            buffers[i] += chunk
            if b'"kind":"songs"' in buffers[i]:
                got[i] = True
                left -= 1
                latencies.append((time.monotonic() - t0) * 1000)
    if left:
        sys.exit(f"change {n}: {left} of {streams_n} streams never got it")
    time.sleep(1)
    # Drain what else came (the activity change).
    for key, _ in sel.select(timeout=0.2):
        try:
            key.fileobj.recv(65536)
        except BlockingIOError:
            pass

latencies.sort()


def pct(p):
    return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]


print(f"streams                {streams_n} (over {len(users)} users, one band)")
print(f"deliveries timed       {len(latencies)} ({changes_n} changes x {streams_n} streams)")
print(f"delivery p50           {pct(50):.1f} ms")
print(f"delivery p99           {pct(99):.1f} ms")
print(f"delivery max           {latencies[-1]:.1f} ms")
print(f"server RSS idle        {before[0] / 1024:.1f} MiB -> {after[0] / 1024:.1f} MiB with the streams open")
print(f"server PSS idle        {before[1] / 1024:.1f} MiB -> {after[1] / 1024:.1f} MiB")
print(f"per idle stream        {(after[0] - before[0]) / streams_n:.1f} KiB RSS, {(after[1] - before[1]) / streams_n:.1f} KiB PSS")
for s in socks:
    s.close()
