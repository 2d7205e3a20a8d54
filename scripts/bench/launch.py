#!/usr/bin/env python3
"""Launch and memory benchmark: Invite Desk against the floor (an empty Tauri window).

Spawns each binary, measures wall clock from spawn to its "ready" line on stderr (Invite Desk:
form interactive; floor: DOMContentLoaded), waits, then sums PSS and RSS from
/proc/<pid>/smaps_rollup over the process and every descendant (WebKitWebProcess,
WebKitNetworkProcess, bwrap, xdg-dbus-proxy...). Runs alternate between targets so both see the
same machine load; the first round warms caches and is not counted.

Needs a display (xvfb-run) and a Secret Service session (scripts/with-keyring.sh).
Writes one JSON object with every sample to --out.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

READY = {
    "app": re.compile(r"Invite Desk: form interactive (\d+) ms after start"),
    "floor": re.compile(r"Invite Desk floor: DOMContentLoaded (\d+) ms after start"),
}
# Reference: the frame after the one that drew the form (app) or the empty page (floor).
PAINTED = {
    "app": re.compile(r"Invite Desk: form painted (\d+) ms after start"),
    "floor": re.compile(r"Invite Desk floor: painted (\d+) ms after start"),
}


def children_map():
    """ppid -> [pid] for every process visible now."""
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields restart after the last ')'.
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree(pid):
    kids = children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def rollup(pid):
    """(pss_kib, rss_kib) of one process, or None if it is gone or unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            text = f.read()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("Pss:", "Rss:"):
            values[parts[0][:-1]] = int(parts[1])
    if "Pss" not in values:
        return None
    return values["Pss"], values.get("Rss", 0)


def stop(pids):
    """Ends the processes this script started (the target and its descendants), by pid."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = []
        for p in pids:
            try:
                os.kill(p, sig)
                alive.append(p)
            except ProcessLookupError:
                pass
        if not alive:
            return
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in alive):
            time.sleep(0.05)


def run_once(kind, binary, env, settle, timeout):
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [binary], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, bufsize=1,
    )
    ready = threading.Event()
    found = {}
    log = []

    def drain():
        for line in proc.stderr:
            log.append(line)
            p = PAINTED[kind].search(line)
            if p and "painted_wall_ms" not in found:
                found["painted_wall_ms"] = (time.monotonic() - t0) * 1000
                found["painted_internal_ms"] = int(p.group(1))
            m = READY[kind].search(line)
            if m and not ready.is_set():
                found["wall_ms"] = (time.monotonic() - t0) * 1000
                found["internal_ms"] = int(m.group(1))
                page = re.search(r"\(page: ([^)]*)\)", line)
                if page:
                    found["page"] = page.group(1)
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    ok = ready.wait(timeout)
    sample = {"ok": ok}
    if ok:
        time.sleep(settle)
        sample.update(found)  # after the settle: the "painted" line comes a frame after "ready"
        procs = []
        for p in tree(proc.pid):
            r = rollup(p)
            if r:
                procs.append({"pid": p, "name": comm(p), "pss_kib": r[0], "rss_kib": r[1]})
        sample["procs"] = procs
        sample["pss_mib"] = sum(p["pss_kib"] for p in procs) / 1024
        sample["rss_mib"] = sum(p["rss_kib"] for p in procs) / 1024
    stop(tree(proc.pid))
    proc.wait(timeout=5)
    if not ok:
        sample["log"] = "".join(log)[-2000:]
    return sample


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--app", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--history-db", help="a 100k-row history.sqlite3 for the start-up comparison")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--settle", type=float, default=4.0, help="seconds after ready before memory")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    root = tempfile.mkdtemp(prefix="invite-desk-bench-")
    targets = {"app": ("app", args.app), "floor": ("floor", args.floor)}
    if args.history_db:
        targets["app_100k"] = ("app", args.app)
    envs = {}
    for name in targets:
        # Hermetic and per target: WebKit's caches and app data never mix between targets.
        home = os.path.join(root, name)
        dirs = {k: os.path.join(home, v) for k, v in
                (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"),
                 ("XDG_DATA_HOME", ".local/share"), ("INVITE_DESK_DATA_DIR", "invite-desk"))}
        for d in dirs.values():
            os.makedirs(d, exist_ok=True)
        env = dict(os.environ, HOME=home, WEBKIT_DISABLE_DMABUF_RENDERER="1", **dirs)
        env.pop("TAURI_WEBVIEW_AUTOMATION", None)
        envs[name] = env
    if args.history_db:
        shutil.copy(args.history_db, os.path.join(envs["app_100k"]["INVITE_DESK_DATA_DIR"],
                                                  "history.sqlite3"))

    samples = {name: [] for name in targets}
    try:
        for rnd in range(args.runs + 1):
            for name, (kind, binary) in targets.items():
                s = run_once(kind, binary, envs[name], args.settle, args.timeout)
                if not s["ok"]:
                    print(f"{name}: no ready line within {args.timeout:.0f} s; its stderr:\n"
                          f"{s.get('log', '')}", file=sys.stderr)
                    sys.exit(1)
                tag = "warm-up" if rnd == 0 else f"run {rnd}/{args.runs}"
                print(f"  {tag:<10} {name:<9} ready {s['wall_ms']:7.1f} ms "
                      f"(internal {s['internal_ms']} ms), PSS {s['pss_mib']:6.1f} MiB, "
                      f"RSS {s['rss_mib']:6.1f} MiB", flush=True)
                if rnd > 0:
                    samples[name].append(s)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    with open(args.out, "w") as f:
        json.dump(samples, f, indent=1)


if __name__ == "__main__":
    main()
