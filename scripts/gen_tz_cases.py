#!/usr/bin/env python3
"""Generate tests/fixtures/tz_cases.json: expected wall-time -> instant conversions for
src-tauri/schedule.rs, computed by an independent implementation (Python's zoneinfo).

Run once, commit the output together with this script:

    python3 -m venv /tmp/tzvenv && /tmp/tzvenv/bin/pip install tzdata==2026.6
    /tmp/tzvenv/bin/python scripts/gen_tz_cases.py > tests/fixtures/tz_cases.json

The system zoneinfo directory is switched off (zoneinfo.reset_tzpath(to=[])) so that the data
comes from the PyPI `tzdata` package, pinned to the IANA release bundled in the app
(tzdata 2026.6 == tzdb 2026f, see TZDB_VERSION in schedule/tz.rs). The script refuses to run with
any other release, so the fixture never mixes tz database versions.

Policy encoded in the expectations (the same one schedule.rs implements):
- a wall time in a spring-forward gap is an error naming the gap's edges;
- a wall time in a fall-back overlap resolves to the earlier instant unless "later" is chosen;
- Xobin gets "YYYY-MM-DD HH:MM" in UTC; Apploi gets the wall digits "YYYY-MM-DDTHH:MM:00Z".
"""

import importlib.metadata
import json
import platform
import sys
import zoneinfo
from datetime import datetime, timedelta, timezone

EXPECTED_TZDB = "2026f"

# Only the pinned PyPI package may answer, never the system's /usr/share/zoneinfo.
zoneinfo.reset_tzpath(to=[])
try:
    import tzdata  # noqa: E402
except ImportError:
    sys.exit("install the pinned data first: pip install tzdata==2026.6")
if tzdata.IANA_VERSION != EXPECTED_TZDB:
    sys.exit(f"tzdata has IANA {tzdata.IANA_VERSION}, expected {EXPECTED_TZDB}: "
             "pip install tzdata==2026.6")

UTC = timezone.utc
MINUTE = timedelta(minutes=1)

# Zones whose DST transitions in 2026-2027 are turned into edge cases automatically.
DST_ZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",   # 30-minute DST shift
    "Pacific/Chatham",       # +12:45 / +13:45
    "Africa/Casablanca",     # +01 with a "negative DST" to +00 during Ramadan
    "America/Santiago",      # transitions at local midnight
]
YEARS = [2026, 2027]


def offset_label(td):
    secs = int(td.total_seconds())
    sign = "\u2212" if secs < 0 else "+"
    secs = abs(secs)
    h, m, s = secs // 3600, secs % 3600 // 60, secs % 60
    return f"UTC{sign}{h:02}:{m:02}" + (f":{s:02}" if s else "")


def utc_offset_at(zone, instant):
    return instant.astimezone(zone).utcoffset()


def transitions(zone, year):
    """Every (instant, offset_before, offset_after) in the year, to the second."""
    found = []
    t = datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1)
    end = datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)
    step = timedelta(hours=1)
    prev = utc_offset_at(zone, t)
    while t < end:
        nxt = t + step
        off = utc_offset_at(zone, nxt)
        if off != prev:
            lo, hi = t, nxt  # offset(lo) == prev, offset(hi) == off
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if utc_offset_at(zone, mid) == prev:
                    lo = mid
                else:
                    hi = mid
            found.append((hi, prev, off))
        prev = off
        t = nxt
    return found


def local_naive(instant, offset):
    return (instant + offset).replace(tzinfo=None)


def fmt_wall(naive):
    return naive.strftime("%Y-%m-%d %H:%M")


def classify(naive, zone):
    """'single' | 'gap' | 'overlap', by PEP 495 folds, double-checked by round trips."""
    a = naive.replace(tzinfo=zone, fold=0)
    b = naive.replace(tzinfo=zone, fold=1)
    off0, off1 = a.utcoffset(), b.utcoffset()
    if off0 == off1:
        kind = "single"
    elif off0 > off1:
        kind = "overlap"
    else:
        kind = "gap"
    round_trips = [
        x.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive for x in (a, b)
    ]
    assert (kind == "gap") == (not any(round_trips)), (naive, zone)
    return kind


def gap_edges(naive, zone):
    """The transition whose skipped wall-clock range holds `naive`: (from, to) local."""
    for year in {naive.year - 1, naive.year, naive.year + 1}:
        for t, before, after in transitions(zone, year):
            start, stop = local_naive(t, before), local_naive(t, after)
            if start <= naive < stop:
                return start, stop
    raise AssertionError(f"no gap holds {naive} in {zone.key}")


def overlap_edges(naive, zone):
    """(back_from, back_to): the wall time the clocks go back from, and to."""
    for year in {naive.year - 1, naive.year, naive.year + 1}:
        for t, before, after in transitions(zone, year):
            back_from, back_to = local_naive(t, before), local_naive(t, after)
            if back_to <= naive < back_from:
                return back_from, back_to, t
    raise AssertionError(f"no overlap holds {naive} in {zone.key}")


def case(name, zone_name, date, time, overlap=None):
    zone = zoneinfo.ZoneInfo(zone_name)
    naive = datetime.strptime(f"{date} {time}", "%Y-%m-%d %H:%M")
    kind = classify(naive, zone)
    out = {
        "name": name,
        "zone": zone_name,
        "date": date,
        "time": time,
        "overlap": overlap,
    }
    if kind == "gap":
        start, stop = gap_edges(naive, zone)

        def edge(x):
            return x.strftime("%H:%M") if x.date() == naive.date() else fmt_wall(x)

        out["expected"] = {
            "error": {
                "gapFrom": fmt_wall(start),
                "gapTo": fmt_wall(stop),
                "message": f"{time} does not exist on {date} in {zone_name}: "
                           f"clocks jump from {edge(start)} to {edge(stop)}",
            },
            "xobin": None,
            "apploi": None,
        }
        return out
    fold = 1 if (kind == "overlap" and overlap == "later") else 0
    aware = naive.replace(tzinfo=zone, fold=fold)
    utc = aware.astimezone(UTC)
    expected = {
        "utc": utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "offset": offset_label(aware.utcoffset()),
        "xobin": utc.strftime("%Y-%m-%d %H:%M"),
        "apploi": naive.strftime("%Y-%m-%dT%H:%M:00Z"),
    }
    if kind == "overlap":
        back_from, back_to, _ = overlap_edges(naive, zone)
        early = naive.replace(tzinfo=zone, fold=0)
        late = naive.replace(tzinfo=zone, fold=1)
        expected["overlap"] = {
            "earlierUtc": early.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "laterUtc": late.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "earlierOffset": offset_label(early.utcoffset()),
            "laterOffset": offset_label(late.utcoffset()),
            "backFrom": fmt_wall(back_from),
            "backTo": fmt_wall(back_to),
        }
    out["expected"] = expected
    return out


def split(naive):
    return naive.strftime("%Y-%m-%d"), naive.strftime("%H:%M")


def minute_floor(naive):
    return naive.replace(second=0, microsecond=0)


def dst_cases():
    cases = []
    for zone_name in DST_ZONES:
        zone = zoneinfo.ZoneInfo(zone_name)
        for year in YEARS:
            for t, before, after in transitions(zone, year):
                if t.year != year:
                    continue
                if after > before:  # gap: [start, stop) does not exist
                    start, stop = local_naive(t, before), local_naive(t, after)
                    inside = minute_floor(start + (stop - start) / 2)
                    tag = f"{zone_name} gap {fmt_wall(start)}"
                    cases.append(case(f"{tag}: last minute before", zone_name,
                                      *split(start - MINUTE)))
                    cases.append(case(f"{tag}: first minute of the gap", zone_name,
                                      *split(start)))
                    cases.append(case(f"{tag}: inside", zone_name, *split(inside)))
                    cases.append(case(f"{tag}: last minute of the gap", zone_name,
                                      *split(stop - MINUTE)))
                    cases.append(case(f"{tag}: first minute after", zone_name,
                                      *split(stop)))
                else:  # overlap: [back_to, back_from) happens twice
                    back_from, back_to = local_naive(t, before), local_naive(t, after)
                    inside = minute_floor(back_to + (back_from - back_to) / 2)
                    tag = f"{zone_name} overlap {fmt_wall(back_to)}"
                    cases.append(case(f"{tag}: minute before", zone_name,
                                      *split(back_to - MINUTE)))
                    for label, at in (("first minute", back_to), ("inside", inside),
                                      ("last minute", back_from - MINUTE)):
                        for choice in ("earlier", "later"):
                            cases.append(case(f"{tag}: {label}, {choice}", zone_name,
                                              *split(at), choice))
                    cases.append(case(f"{tag}: inside, default", zone_name, *split(inside)))
                    cases.append(case(f"{tag}: first minute after", zone_name,
                                      *split(back_from)))
    return cases


HAND_CASES = [
    # Ordinary times across offsets, including half-hour and 45-minute zones.
    ("ordinary: New York winter", "America/New_York", "2026-03-02", "10:00", None),
    ("ordinary: New York summer", "America/New_York", "2026-07-20", "09:15", None),
    ("ordinary: London winter", "Europe/London", "2026-01-15", "14:30", None),
    ("ordinary: London summer", "Europe/London", "2026-06-01", "08:00", None),
    ("ordinary: Sydney summer", "Australia/Sydney", "2026-01-20", "09:00", None),
    ("ordinary: Sydney winter", "Australia/Sydney", "2026-07-20", "09:00", None),
    ("ordinary: Lord Howe winter", "Australia/Lord_Howe", "2026-07-01", "12:00", None),
    ("ordinary: Lord Howe summer", "Australia/Lord_Howe", "2026-12-01", "12:00", None),
    ("ordinary: Chatham winter", "Pacific/Chatham", "2026-07-01", "12:00", None),
    ("ordinary: Chatham summer", "Pacific/Chatham", "2027-01-15", "12:00", None),
    ("ordinary: Kolkata", "Asia/Kolkata", "2026-03-08", "10:00", None),
    ("ordinary: Kolkata early morning", "Asia/Kolkata", "2026-03-08", "02:30", None),
    ("ordinary: Kathmandu", "Asia/Kathmandu", "2026-03-08", "10:00", None),
    ("ordinary: Kathmandu before UTC midnight", "Asia/Kathmandu", "2026-03-09", "05:44", None),
    ("ordinary: Kathmandu at UTC midnight", "Asia/Kathmandu", "2026-03-09", "05:45", None),
    ("ordinary: Sao Paulo summer, no DST since 2019", "America/Sao_Paulo", "2026-12-10",
     "10:00", None),
    ("ordinary: Sao Paulo first Sunday of November 00:30 exists",
     "America/Sao_Paulo", "2026-11-01", "00:30", None),
    ("ordinary: Sao Paulo third Sunday of February 23:30 happens once",
     "America/Sao_Paulo", "2027-02-20", "23:30", None),
    ("ordinary: Casablanca during Ramadan 2026", "Africa/Casablanca", "2026-03-01", "10:00",
     None),
    ("ordinary: Casablanca after Ramadan 2026", "Africa/Casablanca", "2026-04-01", "10:00",
     None),
    ("ordinary: Tokyo", "Asia/Tokyo", "2026-05-05", "18:00", None),
    ("ordinary: UTC", "UTC", "2026-03-08", "14:00", None),
    ("ordinary: Etc/GMT+5 is five hours behind", "Etc/GMT+5", "2026-03-08", "09:00", None),
    # The New York examples from the product brief.
    ("brief: New York on the spring-forward day", "America/New_York", "2026-03-08", "10:00",
     None),
    ("brief: New York 02:30 on the spring-forward day", "America/New_York", "2026-03-08",
     "02:30", None),
    # Year boundary: the UTC date and year differ from the wall date.
    ("year boundary: New York evening becomes next year in UTC", "America/New_York",
     "2026-12-31", "20:00", None),
    ("year boundary: New York last minute of the year", "America/New_York", "2026-12-31",
     "23:59", None),
    ("year boundary: Chatham first hour is still last year in UTC", "Pacific/Chatham",
     "2027-01-01", "00:30", None),
    ("year boundary: Sydney new year midnight", "Australia/Sydney", "2027-01-01", "00:00",
     None),
    ("year boundary: Kathmandu early new year is last year in UTC", "Asia/Kathmandu",
     "2027-01-01", "05:30", None),
    ("year boundary: Kolkata last minute of the year", "Asia/Kolkata", "2026-12-31",
     "23:59", None),
    ("year boundary: London midnight", "Europe/London", "2027-01-01", "00:00", None),
    # Leap days.
    ("leap day: 2028-02-29 in New York", "America/New_York", "2028-02-29", "12:00", None),
    ("leap day: late 2028-02-29 in Sao Paulo is March 1 in UTC", "America/Sao_Paulo",
     "2028-02-29", "23:30", None),
    ("leap day: early March 1 in Chatham is still February 29 in UTC", "Pacific/Chatham",
     "2028-03-01", "08:00", None),
    ("leap day: 2028-02-29 in Kathmandu", "Asia/Kathmandu", "2028-02-29", "00:10", None),
    ("leap day: 2028-02-29 in Lord Howe (summer time)", "Australia/Lord_Howe", "2028-02-29",
     "23:59", None),
    # Historical rules.
    ("historical: Sao Paulo gap when DST began in 2018", "America/Sao_Paulo", "2018-11-04",
     "00:30", None),
    ("historical: Sao Paulo first minute after the 2018 gap", "America/Sao_Paulo",
     "2018-11-04", "01:00", None),
    ("historical: Sao Paulo overlap when DST ended in 2019, earlier", "America/Sao_Paulo",
     "2019-02-16", "23:30", "earlier"),
    ("historical: Sao Paulo overlap when DST ended in 2019, later", "America/Sao_Paulo",
     "2019-02-16", "23:30", "later"),
    ("historical: Samoa skipped 2011-12-30 entirely", "Pacific/Apia", "2011-12-30", "12:00",
     None),
    ("historical: Samoa last minute before the skipped day", "Pacific/Apia", "2011-12-29",
     "23:59", None),
    ("historical: Samoa first minute after the skipped day", "Pacific/Apia", "2011-12-31",
     "00:00", None),
    ("historical: Kolkata in 2000", "Asia/Kolkata", "2000-01-01", "00:00", None),
    ("historical: New York gap in 2007 under the new US rules", "America/New_York",
     "2007-03-11", "02:15", None),
    ("historical: London overlap in 1996, later", "Europe/London", "1996-10-27", "01:30",
     "later"),
]


def main():
    cases = [case(*c) for c in HAND_CASES] + dst_cases()
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    zones = sorted({c["zone"] for c in cases})
    doc = {
        "generator": "scripts/gen_tz_cases.py",
        "source": "Python zoneinfo reading the PyPI tzdata package "
                  "(system tz path disabled with zoneinfo.reset_tzpath(to=[]))",
        "python": platform.python_version(),
        "tzdataPackage": importlib.metadata.version("tzdata"),
        "tzdb": tzdata.IANA_VERSION,
        "zones": zones,
        "cases": cases,
    }
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
