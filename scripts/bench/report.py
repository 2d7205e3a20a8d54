#!/usr/bin/env python3
"""Prints the benchmark table from the files scripts/bench.sh left in a results folder:
launch.json (launch.py), history.txt (history_bench), invite.txt (invite_bench --json) and
sizes.json. Also writes the table as Markdown to table.md in the same folder.

Usage: report.py RESULTS_DIR
"""
import json
import os
import statistics
import sys

TARGETS = {
    "launch": 1.10,      # × floor
    "memory": 1.20,      # × floor
    "binary_mb": 15.0,
    "deb_mb": 8.0,
    "overhead_ms": 3.0,  # p50
    "search_ms": 10.0,   # p50 at 100k rows
    "startup_100k": 1.05,  # × empty history
    "bulk_check_ms": 300.0,  # read + map + check 10,000 rows
    "bulk_send": 1.20,     # × a bare reqwest loop, 1,000 sends at concurrency 4
    "bulk_memory": 1.30,   # × the same window idle
}


def last_json(path):
    """The last line of a file that is a JSON object, or None when the file is missing."""
    if not os.path.exists(path):
        return None
    found = None
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                found = json.loads(line)
    return found


def mark(ok):
    return "✓" if ok else "✗"


def spread(values, unit, digits=0):
    med = statistics.median(values)
    return med, f"{med:.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def parse_history(path):
    """history_bench's table: label in the first 34 columns, then numbers."""
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if len(line) < 40 or line.startswith(("-", "operation", "Invite history")):
                continue
            label, rest = line[:34].strip(), line[34:].split()
            try:
                # "1000+": the total is counted to 1,000 and is a floor past it.
                nums = [float(x.rstrip("+")) for x in rest]
            except ValueError:
                continue
            if len(nums) == 4:
                rows[label] = {"matched": int(nums[0]), "p50": nums[1], "min": nums[2], "max": nums[3]}
            elif len(nums) == 3:
                rows[label] = {"p50": nums[0], "min": nums[1], "max": nums[2]}
    return rows


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "launch.json")) as f:
        launch = json.load(f)
    with open(os.path.join(d, "sizes.json")) as f:
        sizes = json.load(f)
    invite = None
    with open(os.path.join(d, "invite.txt")) as f:
        for line in f:
            if line.startswith("json: "):
                invite = json.loads(line[len("json: "):])
    history = parse_history(os.path.join(d, "history.txt"))

    rows = []  # (measure, invite desk, floor/reference, ratio, target, mark)

    app, floor = launch["app"], launch["floor"]
    n = len(app)
    a_med, a_txt = spread([s["wall_ms"] for s in app], "ms")
    f_med, f_txt = spread([s["wall_ms"] for s in floor], "ms")
    r = a_med / f_med
    rows.append((f"Launch → form interactive (wall clock from spawn, {n} runs)", a_txt,
                 f_txt + " to DOMContentLoaded", f"{r:.2f}×", "≤ 1.10× floor", mark(r <= TARGETS["launch"])))
    ai_med, ai_txt = spread([s["internal_ms"] for s in app], "ms")
    fi_med, fi_txt = spread([s["internal_ms"] for s in floor], "ms")
    rows.append(("  same, from the process's own clock (reference)", ai_txt, fi_txt,
                 f"{ai_med / fi_med:.2f}×", "", ""))
    ap = [s["painted_wall_ms"] for s in app if "painted_wall_ms" in s]
    fp = [s["painted_wall_ms"] for s in floor if "painted_wall_ms" in s]
    if ap and fp:
        ap_med, ap_txt = spread(ap, "ms")
        fp_med, fp_txt = spread(fp, "ms")
        rows.append(("  to the first frame painted after it (form / empty page; reference)", ap_txt,
                     fp_txt, f"{ap_med / fp_med:.2f}×", "", ""))
    timed = sorted((s for s in app if "page" in s), key=lambda s: s["wall_ms"])
    if timed:
        mid = timed[len(timed) // 2]
        floor_pages = sorted(int(s["page"]) for s in floor if str(s.get("page", "")).isdigit())
        floor_dcl = f"DOMContentLoaded {floor_pages[len(floor_pages) // 2]} (median)" if floor_pages else ""
        rows.append(("  the page's own timeline, median run (ms since navigation start)",
                     mid["page"].replace("·", "/"), floor_dcl, "", "", ""))
    a_med, a_txt = spread([s["pss_mib"] for s in app], "MiB", 1)
    f_med, f_txt = spread([s["pss_mib"] for s in floor], "MiB", 1)
    r = a_med / f_med
    rows.append((f"Memory, form open 4 s: PSS, app + WebKit processes ({n} runs)", a_txt, f_txt,
                 f"{r:.2f}×", "≤ 1.20× floor", mark(r <= TARGETS["memory"])))
    a_med, a_txt = spread([s["rss_mib"] for s in app], "MiB", 1)
    f_med, f_txt = spread([s["rss_mib"] for s in floor], "MiB", 1)
    rows.append(("  RSS sum (double-counts shared pages; reference)", a_txt, f_txt,
                 f"{a_med / f_med:.2f}×", "", ""))

    mb = lambda b: b / 1e6
    binary = mb(sizes["binary"])
    rows.append(("Release binary, stripped (as bundled)", f"{binary:.2f} MB",
                 f"{mb(sizes['floor_binary']):.2f} MB (floor example)",
                 f"{sizes['binary'] / sizes['floor_binary']:.2f}×", "≤ 15 MB",
                 mark(binary <= TARGETS["binary_mb"])))
    deb = mb(sizes["deb"])
    rows.append(("`.deb` (tauri build --bundles deb)", f"{deb:.2f} MB", "", "", "≤ 8 MB",
                 mark(deb <= TARGETS["deb_mb"])))

    if invite:
        o = invite["overhead"]
        rows.append(("Own overhead per invite (IPC → send_invite, 200 invites; full − bare)",
                     f"p50 {o['p50']:.2f} ms, p99 {o['p99']:.2f} ms",
                     f"bare HTTP p50 {invite['bare']['p50']:.2f} ms, p99 {invite['bare']['p99']:.2f} ms",
                     "", "≤ 3 ms p50", mark(o["p50"] <= TARGETS["overhead_ms"])))
        rows.append(("  of which one keychain read (Secret Service)",
                     f"p50 {invite['keychain']['p50']:.2f} ms, p99 {invite['keychain']['p99']:.2f} ms",
                     "", "", "", ""))
        st = invite.get("startup", {})
        setup = invite.get("setup", {})
        if st:
            before_ready = sum(v["p50"] for v in st.values())
            detail = ", ".join(f"{k} {v['p50']:.2f}" for k, v in st.items())
            if "state_open" in setup:
                before_ready += setup["state_open"]["p50"]
                detail += f", AppState::open {setup['state_open']['p50']:.2f}"
            rows.append(("Launch, Rust side: setup + commands the form awaits (p50, ms)",
                         f"{before_ready:.1f} ms in all", detail, "", "", ""))

    searches = {k: v for k, v in history.items() if k.startswith("search")}
    if searches:
        worst = max(searches, key=lambda k: searches[k]["p50"])
        w = searches[worst]
        met = sum(v["p50"] <= TARGETS["search_ms"] for v in searches.values())
        rows.append((f"History search at 100k rows: {met} of {len(searches)} cases within target",
                     f"slowest p50 {w['p50']:.2f} ms ({worst})", "", "", "≤ 10 ms p50",
                     mark(w["p50"] <= TARGETS["search_ms"])))
        for k, v in searches.items():
            rows.append((f"  {k}", f"p50 {v['p50']:.2f} ms ({v['min']:.2f}–{v['max']:.2f})",
                         f"{v.get('matched', '—')} rows matched", "", "",
                         mark(v["p50"] <= TARGETS["search_ms"])))
    first = history.get("unfiltered first page")
    if first:
        rows.append(("History first page (50 rows + total) at 100k rows", f"p50 {first['p50']:.2f} ms",
                     f"({first['min']:.2f}–{first['max']:.2f})", "", "", ""))
    ob, oe = history.get("Db::open, 100k-row file"), history.get("Db::open, empty file")
    if ob and oe:
        rows.append(("History open (Db::open), 100k rows vs empty", f"p50 {ob['p50']:.2f} ms",
                     f"p50 {oe['p50']:.2f} ms", f"{ob['p50'] / oe['p50']:.2f}×", "", ""))
    big = launch.get("app_100k")
    if big:
        b_med, b_txt = spread([s["wall_ms"] for s in big], "ms")
        e_med, e_txt = spread([s["wall_ms"] for s in app], "ms")
        r = b_med / e_med
        rows.append(("Startup → form interactive, 100k-row history vs empty", b_txt, e_txt,
                     f"{r:.2f}×", "within 5%", mark(r <= TARGETS["startup_100k"])))

    bulk = last_json(os.path.join(d, "bulk.txt"))
    if bulk:
        rows.append((f"Bulk: read + map + check {bulk['check_rows']:,} rows (median of 10)",
                     f"{bulk['check_total_ms']:.0f} ms",
                     f"read {bulk['read_ms']:.0f} ms + check {bulk['check_ms']:.0f} ms", "",
                     "≤ 300 ms", mark(bulk["check_total_ms"] <= TARGETS["bulk_check_ms"])))
        rows.append((f"Bulk: {bulk['send_rows']:,} sends, 20 ms vendor, concurrency 4 (median of 3)",
                     f"{bulk['full_s']:.2f} s", f"bare reqwest loop {bulk['bare_s']:.2f} s",
                     f"{bulk['ratio']:.3f}×", "≤ 1.2×", mark(bulk["ratio"] <= TARGETS["bulk_send"])))
        rows.append(("  History cost per row (queueing; everything over the bare loop)",
                     f"{bulk['queue_ms'] / bulk['send_rows']:.3f} ms; {bulk['over_bare_ms_per_row']:.3f} ms",
                     "", "", "", ""))
    mem = last_json(os.path.join(d, "bulk-memory.txt"))
    if mem:
        rows.append(("Bulk: PSS with 10,000 rows in the table vs the same window idle (3 runs)",
                     f"{mem['loadedMiB']:.1f} MiB", f"idle {mem['idleMiB']:.1f} MiB",
                     f"{mem['ratio']:.3f}×", "≤ 1.3×", mark(mem["ratio"] <= TARGETS["bulk_memory"])))

    header = ("Measure", "Invite Desk", "Floor / reference", "Ratio", "Target", "")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(6)]
    for r in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    with open(os.path.join(d, "table.md"), "w") as f:
        f.write("| " + " | ".join(header) + " |\n|" + "---|" * 6 + "\n")
        for r in rows:
            f.write("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |\n")


if __name__ == "__main__":
    main()
