"""docs/benchmarks/soak.md from the soak's samples and checks, with the verdict."""
import report  # the harness's report: machine()


def slope(points):
    """Least-squares slope of (minute, value) points, per minute; 0 for fewer than two."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else 0.0


def warm_up(minutes):
    """The first third of the run (at least its first minute): the sample at this minute is the first one judged."""
    return max(1, -(-minutes // 3))


def flatness(samples, limits):
    """After the warm-up, each measure's slope must stay under its limit."""
    if not samples:
        return {}
    after = [s for s in samples if s["minute"] >= warm_up(samples[-1]["minute"])]
    out = {}
    for key, limit in limits.items():
        value = slope([(s["minute"], s[key]) for s in after])
        out[key] = {"slope": value, "limit": limit, "ok": value <= limit, "from": after[0]["minute"],
                    "first": after[0][key], "last": after[-1][key]}
    return out


def _f(value, digits=0):
    return "" if value is None else f"{value:,.{digits}f}"


def write(r, out):
    a, samples = r["args"], r["samples"]
    flat = flatness(samples, {"heap_mib": a["max_heap_slope"], "rss_mib": a["max_rss_slope"], "threads": a["max_thread_slope"]})
    checks = [
        (not r["step_failures"] and len(samples) == a["minutes"] + 1,
         f"{len(samples)} of {a['minutes'] + 1} samples; " + ("every step ran to its end" if not r["step_failures"]
                                                              else "failed steps: " + "; ".join(r["step_failures"]))),
        (bool(flat) and all(v["ok"] for v in flat.values()), "memory and threads flat after the warm-up: " + "; ".join(
            f"{name} {v['slope']:+.2f}/min from minute {v['from']} ({_f(v['first'], 1)} to {_f(v['last'], 1)}; limit {v['limit']})"
            for name, v in flat.items())),
        (r["request_failures"] == 0, f"{r['requests']:,} requests, {r['request_failures']} answered other than expected"),
        (not r["state_differences"], f"{r['users_compared']:,} users and the shared groups served as their clients were last"
                                     f" answered: {len(r['state_differences'])} differences"),
        (r["webhooks"]["ok"], r["webhooks"]["summary"]),
        (not r["fold"]["failures"], f"read models against a fold over {r['fold']['events']:,} events:"
                                    f" {len(r['fold']['failures'])} failures; audit chain intact: {r['fold']['audit'].get('intact')}"),
    ]
    checks.append((r["log"]["errors"] == 0, f"dirsync's log: {r['log']['errors']} ERROR and {r['log']['warnings']} WARN lines"
                   + "".join(f"; `{line}`" for line in r["log"]["first"])))
    passed = all(ok for ok, _ in checks)
    lines = ["# Soak run", "",
             f"Run {r['started']} by `./mvnw -B -DskipTests package && {r['command']}` ({a['minutes']} minute{'s' if a['minutes'] != 1 else ''} of traffic; the"
             f" whole run took {r['wall_seconds'] / 60:.0f} min) on {report.machine(tools=False)}.", "",
             f"dirsync: the built jar, one JVM (`-Xms{a['heap']} -Xmx{a['heap']}`, ParallelGC), `SPRING_PROFILES_ACTIVE=postgres` on a"
             f" throw-away PostgreSQL {r['postgres']} (bench/pgcluster.py: loopback, `fsync=on`, `synchronous_commit=on`),"
             " SCIM rate limit off, `DIRSYNC_WEBHOOKS_ALLOWHTTP=true` with `127.0.0.1` allowed; everything else default."
             f" Load average before / after: {' '.join(f'{x:.1f}' for x in r['load_before'])} /"
             f" {' '.join(f'{x:.1f}' for x in r['load_after'])}. {a.get('note') or ''}", "",
             f"Traffic (bench/soak_traffic.py, seed {a['seed']}): {a['rate']} requests/s paced over {a['clients']} SCIM clients"
             f" ({r['mix']}), after {a['seed_users']} users per client; every {a['reorder_seconds']} s the admin rotates the"
             " order of the three role mappings (every member of two mapped groups changes role), starts a session, and every"
             " third time creates, renames and (a tick later) deletes a group. One attribute mapping (title) and one webhook"
             " for every event type, to bench/soak_receiver.py, which checks each signature and cycles through 60 s up, 20 s"
             " slow (1 to 7 s an answer; dirsync gives up after 5 s), 20 s down (port closed), 20 s up.", "",
             "Every minute: resident memory (VmRSS) and live threads from /proc, heap in use at the end of a full GC (`jcmd GC.run`,"
             " the size the GC logs with `-Xlog:gc`, so allocation right after it does not count; the GC is the sampler's),"
             " Metaspace in use (`GC.heap_info`), dirsync's PostgreSQL connections (pg_stat_activity) and table"
             " sizes with indexes and TOAST (pg_total_relation_size).", "",
             f"## Verdict: {'PASS' if passed else '**FAIL**'}", ""]
    lines += [f"- {'pass' if ok else '**fail**'}: {text}" for ok, text in checks]
    lines += ["", "Flat means: after the warm-up (the first third of the run), the least-squares slope of the per-minute"
              " samples stays under the limit (`--max-heap-slope`, `--max-rss-slope` MiB a minute, `--max-thread-slope`"
              " threads a minute). Table sizes grow with the directory and are shown, not judged.", ""]
    if r["failures"]:
        lines += ["Failures (the first ones):", ""] + [f"- {f}" for f in r["failures"]] + [""]

    lines += ["## Every minute", "",
              "| minute | requests | failed | p50 ms | p99 ms | RSS MiB | heap after GC MiB | metaspace MiB | threads |"
              " DB connections (active) | events | max lag | deliveries pending | webhooks received / accepted | receiver |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in samples:
        t = s.get("traffic") or {}
        w = s.get("webhooks") or {}
        lines.append(f"| {s['minute']} | {_f(t.get('requests'))} | {_f(t.get('failures'))} | {_f(t.get('p50_ms'), 1)} |"
                     f" {_f(t.get('p99_ms'), 1)} | {s['rss_mib']:.0f} | {s['heap_mib']:.0f} | {_f(s['metaspace_mib'], 1)} |"
                     f" {s['threads']} | {s['connections']} ({s['active_connections']}) | {s['events']:,} | {_f(s.get('max_lag'))} |"
                     f" {_f(s.get('pending_deliveries'))} |"
                     f" {_f(w.get('requests'))} / {_f(w.get('accepted'))} | {s.get('phase', '')} |")
    groups = list(samples[0]["sizes"]) if samples else []
    lines += ["", "Table sizes, MiB:", "", "| minute | database | " + " | ".join(groups) + " |",
              "|---" * (len(groups) + 2) + "|"]
    for s in samples:
        lines.append(f"| {s['minute']} | {s['database_mib']:.1f} | " + " | ".join(f"{s['sizes'][g]:.2f}" for g in groups) + " |")

    if r.get("heap_growth"):
        lines += ["", f"Live objects that grew most from minute {warm_up(a['minutes'])} to minute {a['minutes']}"
                  " (`jcmd GC.class_histogram`):", "", "| class | instances | MiB |", "|---|---|---|"]
        lines += [f"| `{name}` | {count:+,} | {mib:+.2f} |" for name, count, mib in r["heap_growth"]]
    first, last = samples[0]["all_sizes"] if samples else {}, r["final_sizes"]
    lines += ["", "## Every table, start of the traffic and after the checks (MiB)", "", "| table | start | end |", "|---|---|---|"]
    for table in sorted(last, key=lambda t: -last[t]):
        lines.append(f"| {table} | {first.get(table, 0):.2f} | {last[table]:.2f} |")
    lines += ["", f"Connections to the database at the end: {r['connections_end']}.", "",
              "## Read models against a fold over the events", "",
              f"After the traffic: {', '.join(r['fold']['rebuilt'])} emptied and rebuilt from the events"
              f" ({r['fold']['seconds'].get('rebuild', 0):.0f} s), then {', '.join(r['fold']['replayed'])} replayed from the first"
              f" event ({r['fold']['seconds'].get('replay', 0):.0f} s); every row (every column) compared with the rows before,"
              " and the API's views (" + ", ".join(f"{k}: {v}" for k, v in r["fold"]["api_views"].items()) + ") with theirs.", "",
              "| table | rows | lost | added |", "|---|---|---|---|"]
    for table, t in r["fold"]["tables"].items():
        lines.append(f"| {table} | {t['rows']:,} | {t['lost']} | {t['extra']} |")
    if r["fold"]["failures"]:
        lines += [""] + [f"- **{f}**" for f in r["fold"]["failures"]]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    return passed
