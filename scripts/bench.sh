#!/usr/bin/env bash
# Benchmarks Invite Desk against the floor (an empty Tauri window from the same crate and
# profile, examples/floor.rs) and prints the table recorded in BENCHMARKS.md: launch, memory,
# binary and .deb size, own overhead per invite, history at 100,000 rows.
#
#   bash scripts/bench.sh            # BENCH_RUNS=N for launch/memory runs per target (default 9)
#
# Needs what scripts/setup.sh installs (it runs it). Takes ~10 min cold on 2 cores (release
# builds). Results (raw samples, outputs, table.md) stay in the folder printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${BENCH_RUNS:-9}"
if [ "$RUNS" -lt 7 ]; then
  echo "BENCH_RUNS must be at least 7 (launch and memory need several runs to mean anything)." >&2
  exit 2
fi

bash scripts/setup.sh
out=$(mktemp -d -t invite-desk-bench.XXXXXX)

# One cargo invocation for the app and the floor, so both get the same crate features (the
# examples pull in tauri's `test` feature; `custom-protocol` is what `tauri build` ships with).
# `bench` builds `history::Db::import` for history_bench; the app never calls it, so the release
# link (LTO) leaves it out of the measured binary.
echo "==> the web view with the benchmark hooks (page timeline, floor page)"
INVITE_DESK_BENCH=1 npm run --silent build
echo "==> cargo build --release (app, floor, history_bench, invite_bench, bulk_bench, team_bench)"
cargo build --release --locked --features tauri/custom-protocol,bench \
  --bin invite-desk --example floor --example history_bench --example invite_bench \
  --example bulk_bench --example team_bench
# Keep the measured binaries: `tauri build` below rebuilds target/release/invite-desk.
cp target/release/invite-desk target/release/examples/floor \
  target/release/examples/history_bench target/release/examples/invite_bench \
  target/release/examples/bulk_bench target/release/examples/team_bench "$out/"

echo "==> npx tauri build --bundles deb,rpm (the web view as shipped; signed updater artifacts)"
npm run --silent build
# A release takes the signing key from the environment; without one, a throwaway key signs these
# packages (their signatures then verify only against it, not against the app's built-in key).
if [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  npx --no-install tauri signer generate --ci -p "" -w "$out/throwaway.key" >/dev/null
  TAURI_SIGNING_PRIVATE_KEY="$(cat "$out/throwaway.key")"
  export TAURI_SIGNING_PRIVATE_KEY TAURI_SIGNING_PRIVATE_KEY_PASSWORD=""
fi
rm -f target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
npx --no-install tauri build --bundles deb,rpm
deb=$(ls "$PWD"/target/release/bundle/deb/*.deb)
rpm=$(ls "$PWD"/target/release/bundle/rpm/*.rpm)
test -s "$deb.sig" && test -s "$rpm.sig"
# The marker the updater reads to know how the app was installed must survive in each package's
# binary (the bundler finds it by its value, so the fully stripped binary keeps it).
mkdir -p "$out/deb-root" "$out/rpm-root"
dpkg-deb -x "$deb" "$out/deb-root"
rpm2archive -n - <"$rpm" | tar -x -C "$out/rpm-root"
# Patched: the placeholder is gone and the package's own value is there beside the literal the
# app compares it with (two occurrences).
python3 - "$out/deb-root/usr/bin/invite-desk" DEB "$out/rpm-root/usr/bin/invite-desk" RPM <<'PY'
import sys
for path, kind in zip(sys.argv[1::2], sys.argv[2::2]):
    data = open(path, "rb").read()
    unk = data.count(b"__TAURI_BUNDLE_TYPE_VAR_UNK")
    own = data.count(b"__TAURI_BUNDLE_TYPE_VAR_" + kind.encode())
    ok = unk == 0 and own == 2
    print(f"bundle-type marker in the .{kind.lower()}'s binary: {'patched' if ok else 'NOT patched'} (placeholder {unk}, {kind} {own})")
    if not ok:
        sys.exit(1)
PY
dpkg-deb --info "$deb" | sed -n '1,12p'
rpm -qpi "$rpm" 2>/dev/null | sed -n '1,12p'
python3 - "$out/sizes.json" target/release/invite-desk "$out/floor" "$deb" "$rpm" <<'PY'
import json, os, sys
out, binary, floor, deb, rpm = sys.argv[1:]
json.dump({"binary": os.path.getsize(binary), "floor_binary": os.path.getsize(floor),
           "deb": os.path.getsize(deb), "deb_name": os.path.basename(deb),
           "rpm": os.path.getsize(rpm), "rpm_name": os.path.basename(rpm)}, open(out, "w"))
print(f"sizes: binary {os.path.getsize(binary)/1e6:.2f} MB, .deb {os.path.getsize(deb)/1e6:.2f} MB, .rpm {os.path.getsize(rpm)/1e6:.2f} MB")
PY

echo "==> history at 100,000 rows (history_bench)"
"$out/history_bench" --keep-db "$out/history-100k.sqlite3" | tee "$out/history.txt"

echo "==> history at 1,000,000 rows: search, and Forget one person (history_bench; filling takes ~6 min)"
"$out/history_bench" --rows 1000000 --db "$out/history-1m.sqlite3" | tee "$out/history-1m.txt"
rm -f "$out/history-1m.sqlite3" "$out/history-1m.sqlite3-wal" "$out/history-1m.sqlite3-shm" \
  "$out/history-1m.sqlite3.lock"

echo "==> own overhead per invite (invite_bench, real Secret Service)"
if ! bash scripts/with-keyring.sh "$out/invite_bench" --json >"$out/invite.txt" 2>"$out/invite-stderr.log"; then
  tail -n 40 "$out/invite-stderr.log" >&2
  exit 1
fi
cat "$out/invite.txt"

echo "==> bulk invites: 10,000-row check, 1,000 sends vs a bare reqwest loop (bulk_bench)"
"$out/bulk_bench" --json | tee "$out/bulk.txt"

echo "==> team mode: added latency per invite, reservations/s at 1, 50, 200 clients, memory per idle connection (team_bench, throwaway PostgreSQL)"
bash scripts/with-postgres.sh "$out/team_bench" --json | tee "$out/team.txt"

echo "==> bulk invites: memory with 10,000 rows in the table vs the same window idle"
if ! bash scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" \
  node scripts/bench/bulk_memory.mjs "$out/invite-desk" 3 >"$out/bulk-memory.txt" \
  2>"$out/bulk-memory-stderr.log"; then
  tail -n 40 "$out/bulk-memory-stderr.log" >&2
  exit 1
fi
grep -E '^(run|\{)' "$out/bulk-memory.txt"

echo "==> launch and memory: app vs floor, and app with a 100k-row history ($RUNS runs each)"
# The session bus, portals and WebKit talk a lot on stderr: keep it in a log, show it on failure.
if ! bash scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" \
  python3 scripts/bench/launch.py --app "$out/invite-desk" --floor "$out/floor" \
  --history-db "$out/history-100k.sqlite3" --runs "$RUNS" --out "$out/launch.json" \
  2>"$out/launch-stderr.log"; then
  tail -n 40 "$out/launch-stderr.log" >&2
  exit 1
fi
rm -f "$out/history-100k.sqlite3"

echo
echo "==> Invite Desk benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores, WebKitGTK $(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo '?'))"
python3 scripts/bench/report.py "$out"
echo
echo "Raw samples and outputs: $out"

echo
echo "==> hostile sheets: 20,000 mutated CSV / .xlsx / .xls / .ods files, each read through the child process"
INVITE_DESK_FUZZ_ITERS=20000 cargo test --release --test bulk_hostile mutated -- --nocapture 2>&1 \
  | grep -E '^(iteration|[0-9]+ mutated files)|test result'

echo "==> team mode under faults: 3 chaos runs (3 laptops, 1,000 invites, 300 candidates, random freezes/resets/delays/cuts, then heal) and record_outcome at 1,000,000 claims (throwaway PostgreSQL)"
bash scripts/with-postgres.sh bash scripts/with-keyring.sh cargo test --release --locked --test team_faults -- --ignored --nocapture --test-threads 1 2>&1 | grep -E '^(chaos run|record_outcome)' | tee "$out/team-faults.txt"
echo "==> the same with the laptops as processes: 3 runs of 1,002 invites to 300 candidates, 12 kill -9 and 6 server restarts each"
cargo build --release --locked --example chaos_laptop
bash scripts/with-postgres.sh bash scripts/with-keyring.sh cargo test --release --locked --test team_chaos -- --ignored --nocapture 2>&1 | grep -E '^chaos run' | tee -a "$out/team-faults.txt"
