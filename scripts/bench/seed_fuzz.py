#!/usr/bin/env python3
"""Seeds a fresh rehearsalhub-server for scripts/schemathesis.sh and prints the fuzzing
user's session token: the user `fuzzer` admins a band with a song, a ten-minute recording
(a WAV written here), an issue comment with a reply, a pending token invite and, in a song of
its own, eight short takes; the user `friend` has sixteen bands, each with a direct invite to
`fuzzer` and a token invite. Writes the schemathesis configuration (third argument) that offers
those tokens and takes to the operations that take one."""
import json
import struct
import sys
import urllib.request

base, wav_path, config = sys.argv[1].rstrip("/") + "/api/v1", sys.argv[2], sys.argv[3]


def call(method, path, token=None, body=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return json.loads(text) if text else None


def user(name):
    return call("POST", "/auth/register", body={"username": name, "password": f"{name}-password"})["token"]


def write_wav(path, seconds, rate=8000):
    frames = seconds * rate
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + frames * 2) + b"WAVEfmt " +
                struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16) +
                b"data" + struct.pack("<I", frames * 2))
        second = b"".join(struct.pack("<h", (i * 37) % 2000 - 1000) for i in range(rate))
        for _ in range(seconds):
            f.write(second)


def upload(token, song, path):
    boundary = "fuzzseedboundary"
    with open(path, "rb") as f:
        audio = f.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"take.wav\"\r\n"
            f"Content-Type: audio/wav\r\n\r\n").encode() + audio + f"\r\n--{boundary}--\r\n".encode()
    return call("POST", f"/songs/{song}/versions", token, raw=body,
                content_type=f"multipart/form-data; boundary={boundary}")


fuzzer, friend = user("fuzzer"), user("friend")
band = call("POST", "/bands", fuzzer, {"name": "Fuzz band"})["id"]
song = call("POST", f"/bands/{band}/songs", fuzzer, {"title": "Fuzz song"})["id"]
write_wav(wav_path, 600)
version = upload(fuzzer, song, wav_path)["id"]
me = call("GET", "/me", fuzzer)["id"]
# Short takes for the operations that delete one, in a song with an id generated ids seldom
# are (thirty songs come first), so a song deleted early does not take them along.
for n in range(30):
    call("POST", f"/bands/{band}/songs", fuzzer, {"title": f"Filler {n}"})
takes_song = call("POST", f"/bands/{band}/songs", fuzzer, {"title": "Takes"})["id"]
write_wav(wav_path, 2)
takes = [upload(fuzzer, takes_song, wav_path)["id"] for _ in range(8)]
comment = call("POST", f"/versions/{version}/comments", fuzzer,
               {"at_ms": 1000, "body": "The bridge drags", "tag": "issue"})["id"]
call("POST", f"/comments/{comment}/replies", fuzzer, {"body": "Agreed"})
call("POST", f"/bands/{band}/invites", fuzzer, {})
tokens, invites = [], []
for n in range(16):
    theirs = call("POST", "/bands", friend, {"name": f"Friend band {n}"})["id"]
    invites.append(call("POST", f"/bands/{theirs}/invites", friend, {"invitee_id": me})["invite"]["id"])
    tokens.append(call("POST", f"/bands/{theirs}/invites", friend, {})["token"])
# Tokens and takes no answer to the fuzzer links to (a token is shown once, to whoever made
# the invite), offered half the time where an operation takes one.
with open(config, "w") as f:
    f.write(f"""[phases.stateful]
max-steps = 40

[dictionaries.tokens]
values = {json.dumps(tokens)}

[dictionaries.takes]
values = {json.dumps(takes)}

[dictionaries.to_accept]
values = {json.dumps(invites[:8])}

[dictionaries.to_decline]
values = {json.dumps(invites[8:])}

[parameters]
"path.token" = {{ dictionary = "tokens", probability = 0.5 }}
"path.version_id" = {{ dictionary = "takes", probability = 0.3 }}

# Accepting and declining each have invites of their own.
[[operations]]
include-operation-id = "accept_invite"
parameters = {{ "path.invite_id" = {{ dictionary = "to_accept", probability = 0.5 }} }}

[[operations]]
include-operation-id = "decline_invite"
parameters = {{ "path.invite_id" = {{ dictionary = "to_decline", probability = 0.5 }} }}
""")
print(fuzzer)
