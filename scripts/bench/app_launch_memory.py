"""Launch time and idle memory of the desktop app, through WebDriver (tauri-driver).

For each of N launches on a fresh home: the time from asking tauri-driver for a session
(which starts the app) until the first interactive screen is there (`[data-testid=
app-ready]`, the sign-in screen); then, after the app has idled, the proportional set size
(`Pss` of /proc/PID/smaps_rollup) of the app and every process under it (WebKit's web and
network processes). Prints each figure and the medians; with --mappings, the app's and each
WebKit process's largest mappings by Pss.

Usage: python3 app_launch_memory.py APP_BINARY [--launches N] [--idle SECONDS] [--mappings]
Run it under a display (xvfb-run) and a D-Bus session, with tauri-driver on the PATH.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, method=method,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.load(r)


def children(pid):
    """Every process under pid (by /proc/*/stat parent links)."""
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(d)] = int(fields[1])
            except OSError:
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def name(pid):
    with open(f"/proc/{pid}/comm") as f:
        return f.read().strip()


def pss_kb(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def mappings(pid, top=12):
    sizes, current = {}, "[anon]"
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if "-" in parts[0] and len(parts) >= 5 and ":" in parts[3]:
                current = parts[5] if len(parts) > 5 else "[anon]"
            elif parts[0] == "Pss:":
                sizes[current] = sizes.get(current, 0) + int(parts[1])
    return sorted(sizes.items(), key=lambda kv: -kv[1])[:top]


def app_pid(binary, driver_pid):
    real = os.path.realpath(binary)
    for p in children(driver_pid):
        try:
            if os.path.realpath(f"/proc/{p}/exe") == real:
                return p
        except OSError:
            pass
    return None


def one(binary, idle, show_mappings, i):
    port = free_port()
    home = tempfile.mkdtemp(prefix="rh-bench-home-")
    env = dict(os.environ, HOME=home, RH_NO_KEYCHAIN="1")
    for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "RH_DATA_DIR"):
        env.pop(k, None)
    driver = subprocess.Popen(
        ["tauri-driver", "--port", str(port), "--native-port", str(free_port())],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("tauri-driver did not listen")
                time.sleep(0.05)
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": binary}}}}
        # WebKitWebDriver sometimes drops the very first request while it starts (as the
        # e2e harness knows); a new session request is safe to repeat.
        for attempt in range(3):
            started = time.monotonic()
            try:
                session = call(port, "POST", "/session", caps)["value"]["sessionId"]
                break
            except (urllib.error.URLError, ConnectionError):
                if attempt == 2:
                    raise
                time.sleep(0.5)
        while True:
            try:
                call(port, "POST", f"/session/{session}/element",
                     {"using": "css selector", "value": "[data-testid='app-ready']"})
                break
            except (urllib.error.URLError, ConnectionError):
                # Not there yet (404), or the driver dropped the request while the page loads.
                if time.monotonic() - started > 30:
                    raise SystemExit("the first screen did not appear in 30 s")
                time.sleep(0.01)
        launch_ms = (time.monotonic() - started) * 1000
        time.sleep(idle)
        pid = app_pid(binary, driver.pid)
        if pid is None:
            raise SystemExit("the app process was not found under tauri-driver")
        procs = [pid] + children(pid)
        parts = [(name(p), pss_kb(p)) for p in procs]
        total = sum(kb for _, kb in parts) / 1024
        print(f"launch {i}: {launch_ms:.0f} ms to the first screen; idle Pss {total:.1f} MB = "
              + " + ".join(f"{n} {kb / 1024:.0f}" for n, kb in parts), flush=True)
        if show_mappings:
            for p in procs:
                print(f"  {name(p)} ({p}), largest mappings by Pss:")
                for m, kb in mappings(p, top=int(os.environ.get("RH_TOP_MAPPINGS", "12"))):
                    print(f"    {kb / 1024:8.1f} MB  {m}")
        call(port, "DELETE", f"/session/{session}")
        return launch_ms, total
    finally:
        driver.terminate()
        driver.wait(timeout=10)
        subprocess.run(["rm", "-rf", home], check=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--launches", type=int, default=5)
    ap.add_argument("--idle", type=float, default=5.0)
    ap.add_argument("--mappings", action="store_true")
    a = ap.parse_args()
    runs = [one(a.binary, a.idle, a.mappings and i == 0, i + 1) for i in range(a.launches)]
    print(f"launch to the first interactive screen: median {statistics.median(r[0] for r in runs):.0f} ms")
    print(f"idle Pss, app + WebKit processes: median {statistics.median(r[1] for r in runs):.1f} MB")


if __name__ == "__main__":
    main()
