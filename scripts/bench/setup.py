#!/usr/bin/env python3
"""Prepares a running rehearsalhub-server for the load test and prints shell variables.

Creates an admin with a band (the members list to read), one pending invite (the preview
to read), a large recording (the stream to download) with 1,000 comments and 3,000 replies
(the comment list to read), and PAIRS fresh (token, user)
pairs for redemptions, each a distinct membership: users x bands, one invite per pair.
Writes the pairs to the file given, one "token bearer" per line.
"""
import concurrent.futures as cf
import json
import sys
import urllib.request

base, pairs_file, pairs, big_wav = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
api = base + "/api/v1"


def call(method, path, token=None, body=None, raw=None, ctype=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(api + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if ctype:
        req.add_header("Content-Type", ctype)
    with urllib.request.urlopen(req, timeout=600) as res:
        text = res.read()
        return json.loads(text) if text else None


def register(name):
    return call("POST", "/auth/register", body={"username": name, "password": "load-test-pw"})["token"]


admin = register("load_admin")
band = call("POST", "/bands", admin, {"name": "Load band"})["id"]
info_token = call("POST", f"/bands/{band}/invites", admin, {})["token"]
song = call("POST", f"/bands/{band}/songs", admin, {"title": "Long take"})["id"]
boundary = "loadtestboundary"
with open(big_wav, "rb") as f:
    audio = f.read()
form = (
    f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.wav\"\r\n"
    "Content-Type: audio/wav\r\n\r\n"
).encode() + audio + f"\r\n--{boundary}--\r\n".encode()
version = call("POST", f"/songs/{song}/versions", admin, raw=form,
               ctype=f"multipart/form-data; boundary={boundary}")["id"]

# Redemption pairs: U users x B bands.
users_n = 100
bands_n = (pairs + users_n - 1) // users_n
with cf.ThreadPoolExecutor(16) as pool:
    users = list(pool.map(register, [f"load_user_{i:03}" for i in range(users_n)]))
    bands = list(pool.map(lambda i: call("POST", "/bands", admin, {"name": f"Load band {i}"})["id"],
                          range(bands_n)))
    jobs = [(b, u) for b in bands for u in users][:pairs]
    tokens = list(pool.map(lambda j: call("POST", f"/bands/{j[0]}/invites", admin, {})["token"], jobs))
with open(pairs_file, "w") as f:
    for (b, u), t in zip(jobs, tokens):
        f.write(f"{t} {u}\n")

# The comment list to read: 1,000 comments on the long recording, 3 replies each.
tags = ["note", "suggestion", "issue", "keeper"]


def comment(i):
    body = {"at_ms": (i * 7919) % 800_000, "body": f"Comment {i}: the bridge drags a little here, "
            "try it a touch faster next time.", "tag": tags[i % 4]}
    if i % 5 == 0:
        body["until_ms"] = body["at_ms"] + 4000
    cid = call("POST", f"/versions/{version}/comments", admin, body)["id"]
    for r in range(3):
        call("POST", f"/comments/{cid}/replies", admin, {"body": f"Reply {r}: agreed, let us try that."})


with cf.ThreadPoolExecutor(8) as pool:
    list(pool.map(comment, range(1000)))

print(f"ADMIN={admin}")
print(f"BAND={band}")
print(f"INFO_TOKEN={info_token}")
print(f"VERSION={version}")
print(f"AUDIO_BYTES={len(audio)}")
