#!/usr/bin/env python3
"""The soak of issue 23: dirsync on a throw-away PostgreSQL under steady mixed traffic for --minutes (30 by default),
sampled every minute, then checked; writes docs/benchmarks/soak.md and exits 1 unless every check passes.

    ./mvnw -B -DskipTests package && python3 bench/soak.py [--minutes 30]

Traffic (soak_traffic.py): SCIM creates, PATCHes (title; deactivate and reactivate), deletes and re-creates, group
member adds and removes, filter and id reads; role-mapping reorders, sessions and group lifecycles through the admin
API; one webhook to a loopback receiver that is sometimes slow and sometimes down (soak_receiver.py).
Every minute (soak_probe.py): RSS, heap after a full GC, Metaspace, threads, database connections, table sizes.
At the end: every answered write served as answered, every delivery dirsync marked delivered received and signed,
and every read model equal to a fold over the events (soak_fold.py). Needs the PostgreSQL server packages and a JDK
(jcmd); see bench/README.md. Not part of `./mvnw verify`.
"""
import argparse, datetime, json, os, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scim_bench as lib  # noqa: E402
import pgcluster, services, soak_fold, soak_probe, soak_report, soak_receiver, soak_traffic  # noqa: E402

WEBHOOK_EVENTS = ["user.created", "user.updated", "user.deleted", "group.created", "group.updated", "group.deleted",
                  "organizationMembership.updated"]
DEFAULTS = {"minutes": 30, "rate": 20.0, "clients": 8, "seed_users": 25, "reorder_seconds": 30, "heap": "1g",
            "max_heap_slope": 0.5, "max_rss_slope": 2.0, "max_thread_slope": 0.2}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def set_up(app, receiver):
    """An organization with three mapped roles, its connection, six groups (three mapped), a title attribute mapping
    and the webhook."""
    org = app.admin("POST", "/api/organizations", {"name": "soak", "roles": ["admin", "editor", "viewer", "member"],
                                                   "defaultRole": "member"})["id"]
    conn = app.admin("POST", "/api/connections", {"name": "soak", "organizationId": org})
    base, token = "/scim/v2/" + conn["scimBaseUrl"].rsplit("/scim/v2/", 1)[1], conn["bearerToken"]
    groups = {}
    for name in soak_traffic.ROLES + ("plain-1", "plain-2", "plain-3"):
        status, _, group = app.client.call("POST", base + "/Groups", token,
                                           {"schemas": [soak_traffic.GROUP], "displayName": name, "members": []})
        if status != 201:
            raise SystemExit(f"POST /Groups answered {status}: {group}")
        groups[name] = group["id"]
    app.admin("PUT", f"/api/connections/{conn['id']}/role-mappings",
              [{"groupId": groups[role], "role": role} for role in soak_traffic.ROLES])
    app.admin("PUT", f"/api/connections/{conn['id']}/attribute-mappings", [{"scimPath": "title", "attribute": "title"}])
    hook = app.admin("POST", "/api/webhooks", {"url": receiver.url(), "events": WEBHOOK_EVENTS})
    receiver.secret = hook["secret"]
    return org, conn["id"], base, token, groups, hook["id"]


def checked(r, what, step, otherwise):
    """Runs one step of the run; if it fails, the failure goes to the report (and the run goes on) instead of losing the
    minutes sampled so far."""
    try:
        return step()
    except (Exception, SystemExit) as e:
        r["step_failures"].append(f"{what} failed: {e!r}")
        log(f"{what} failed: {e!r}")
        return otherwise


def log_summary(path):
    """ERROR and WARN lines in dirsync's log (it logs neither for a webhook receiver that is slow or down)."""
    errors, warnings = [], []
    if os.path.exists(path):
        with open(path, errors="replace") as f:
            for line in f:
                (errors if " ERROR " in line else warnings if " WARN " in line else []).append(line.strip()[:300])
    return {"errors": len(errors), "warnings": len(warnings), "first": (errors + warnings)[:5]}


def max_lag(app):
    return max((p.get("lag") or 0 for p in app.admin("GET", "/api/projections") if p.get("type") == "streaming"), default=0)


def drain_webhooks(pg, receiver, webhook_id, timeout):
    """Receiver up for good; waits until no delivery is pending, then checks every delivered one was received."""
    receiver.stay_up()
    deadline = time.monotonic() + timeout
    statuses = {}
    while time.monotonic() < deadline:
        rows = pg.query("SELECT status, count(*) FROM webhook_delivery GROUP BY status")
        statuses = {line.split("|")[0]: int(line.split("|")[1]) for line in rows.splitlines() if line}
        if not statuses.get("pending"):
            break
        if int(time.monotonic()) % 60 < 2:
            log(f"webhook deliveries: {statuses}")
        time.sleep(2)
    delivered = set(pg.query(f"SELECT event_id FROM webhook_delivery WHERE webhook_id = '{webhook_id}'"
                             " AND status = 'delivered'").split())
    missing = delivered - set(receiver.accepted)
    stats = receiver.stats()
    retried = pg.query("SELECT count(*) FROM webhook_delivery WHERE attempts > 1")
    ok = not statuses.get("pending") and not statuses.get("failed") and not missing and stats["bad_signatures"] == 0
    summary = (f"webhooks: {sum(statuses.values()):,} deliveries ({', '.join(f'{k} {v:,}' for k, v in sorted(statuses.items()))};"
               f" {int(retried):,} needed more than one attempt); the receiver got {stats['requests']:,} requests and accepted"
               f" {stats['distinct']:,} distinct events, {stats['accepted'] - stats['distinct']:,} again; {len(missing)} marked"
               f" delivered but never accepted, {stats['bad_signatures']} badly signed")
    return {"ok": ok, "summary": summary, "missing": sorted(missing)[:5]}


def run_traffic(r, args, app, pg, receiver, traffic):
    """The traffic for --minutes, with a sample at its start and after every minute."""
    traffic.window.take()  # the seeding is not the first minute's traffic
    seeded = traffic.window.total
    clock, histograms = time.monotonic(), []
    traffic.start()
    for minute in range(args.minutes + 1):
        delay = clock + minute * 60 - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        sample = checked(r, f"minute {minute}'s sample", lambda: soak_probe.sample(app.proc.pid, app.gc_log, pg) | {
            "minute": minute, "max_lag": max_lag(app), "phase": receiver.phase(), "webhooks": receiver.stats()}, None)
        if sample is None:
            break  # dirsync or PostgreSQL is gone: the report says so with what it has
        sample["traffic"] = traffic.window.take() if minute else None
        r["samples"].append(sample)
        if minute == soak_report.warm_up(args.minutes) or minute == args.minutes:  # what grew after the warm-up, by class
            histograms.append(checked(r, f"minute {minute}'s class histogram", lambda: soak_probe.histogram(app.proc.pid), {}))
        log(f"minute {minute}: RSS {sample['rss_mib']:.0f} MiB, heap {sample['heap_mib']:.1f} MiB, threads"
            f" {sample['threads']}, connections {sample['connections']}, events {sample['events']}, traffic {sample['traffic']}")
    traffic.close()
    r["heap_growth"] = soak_probe.growth(*histograms) if len(histograms) == 2 and all(histograms) else []
    r["requests"] = traffic.window.total - seeded
    r["request_failures"] = sum(v for k, v in traffic.counts.items() if k.startswith("failed_") or k == "wrong_answers")
    r["counts"] = traffic.counts
    r["failures"] += traffic.failures
    log(f"traffic done: {traffic.counts}")


def end_checks(r, args, app, pg, receiver, traffic, hook, scim):
    """With the traffic stopped: the webhook outbox drained, the SCIM state, the fold over the events, final sizes."""
    conn_id, org, base, token = scim
    r["webhooks"] = checked(r, "webhooks", lambda: drain_webhooks(pg, receiver, hook, args.timeout),
                            {"ok": False, "summary": "webhooks: not checked (see the failures)"})
    log(r["webhooks"]["summary"])
    r["users_compared"], r["state_differences"] = checked(r, "the SCIM state", traffic.verify, (0, ["not checked"]))
    r["failures"] += r["state_differences"][:20]
    log(f"{r['users_compared']} users compared: {len(r['state_differences'])} differences; checking the fold")
    r["fold"] = checked(r, "the fold", soak_fold.FoldCheck(app, pg, conn_id, org, base, token, args.timeout).run,
                        {"failures": ["not checked"], "tables": {}, "rebuilt": [], "replayed": [], "audit": {},
                         "events": 0, "api_views": {}, "seconds": {}})
    log(f"fold: {len(r['fold']['failures'])} failures {r['fold']['failures'][:5]}")
    r["final_sizes"] = checked(r, "the sizes at the end", lambda: soak_probe.table_sizes(pg), {})
    r["connections_end"] = checked(r, "the connections at the end", lambda: soak_probe.connections_by_application(pg), "?")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=int, default=DEFAULTS["minutes"], help="length of the traffic, sampled once a minute")
    ap.add_argument("--rate", type=float, default=DEFAULTS["rate"], help="SCIM requests a second, over all clients")
    ap.add_argument("--clients", type=int, default=DEFAULTS["clients"])
    ap.add_argument("--seed-users", type=int, default=DEFAULTS["seed_users"], help="users each client creates before the clock starts")
    ap.add_argument("--reorder-seconds", type=int, default=DEFAULTS["reorder_seconds"], help="period of the admin's role-mapping reorders")
    ap.add_argument("--heap", default=DEFAULTS["heap"], help="the JVM's -Xms and -Xmx")
    ap.add_argument("--seed", type=int, default=int(time.time()), help="of the traffic's random choices")
    ap.add_argument("--max-heap-slope", type=float, default=DEFAULTS["max_heap_slope"], help="MiB a minute after the warm-up")
    ap.add_argument("--max-rss-slope", type=float, default=DEFAULTS["max_rss_slope"], help="MiB a minute after the warm-up")
    ap.add_argument("--max-thread-slope", type=float, default=DEFAULTS["max_thread_slope"], help="threads a minute after the warm-up")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds each wait at the end may take (drain, rebuild, replay)")
    ap.add_argument("--note", default="", help="a sentence on the machine's state, copied into the report")
    ap.add_argument("--out", default=os.path.join(services.ROOT, "docs", "benchmarks", "soak.md"))
    args = ap.parse_args()
    shaping = {k: getattr(args, k) for k in DEFAULTS if getattr(args, k) != DEFAULTS[k]}
    r = {"args": vars(args), "load_before": os.getloadavg(), "samples": [], "failures": [], "step_failures": [],
         "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
         "command": "python3 bench/soak.py" + "".join(f" --{k.replace('_', '-')} {v}" for k, v in shaping.items())
                    + f" --seed {args.seed}"}
    started, work = time.time(), tempfile.mkdtemp(prefix="dirsync-soak-")
    os.environ.update(DIRSYNC_WEBHOOKS_ALLOWHTTP="true", DIRSYNC_WEBHOOKS_ALLOWEDTARGETS="127.0.0.1")
    pg = pgcluster.PgCluster(lib.free_port()).start()
    receiver = soak_receiver.Receiver(lib.free_port()).start()
    app = None
    try:
        r["postgres"] = pg.query("SHOW server_version")
        log(f"PostgreSQL {r['postgres']} on port {pg.port}; starting dirsync")
        gc_log = os.path.join(work, "gc.log")
        app = services.Dirsync(pg, heap=args.heap, jvm_args=[f"-Xlog:gc:file={gc_log}"], jvm_flags=services.FIXED_HEAP_FLAGS,
                               jvm_env={})
        app.gc_log = gc_log
        org, conn_id, base, token, groups, hook = set_up(app, receiver)
        traffic = soak_traffic.Traffic(app.client, base, token, lib.ADMIN, conn_id, groups, args.rate, args.clients,
                                       args.reorder_seconds, args.seed)
        traffic.seed(args.seed_users)
        r["mix"] = ", ".join(f"{op} {w}" for op, w in soak_traffic.MIX.items()) + " (weights)"
        log(f"dirsync pid {app.proc.pid}; {args.minutes} minutes of traffic at {args.rate}/s")
        run_traffic(r, args, app, pg, receiver, traffic)
        end_checks(r, args, app, pg, receiver, traffic, hook, (conn_id, org, base, token))
    finally:
        if app:
            app.stop(keep_log_to=os.path.join(work, "dirsync.log"))
        receiver.stop()
        pg.stop()
    r["log"] = log_summary(os.path.join(work, "dirsync.log"))
    r["wall_seconds"], r["load_after"] = time.time() - started, os.getloadavg()
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(r, f, indent=1, default=str)
    passed = soak_report.write(r, args.out)
    log(f"{'PASS' if passed else 'FAIL'}; wrote {args.out}; raw figures and dirsync's log in {work}")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
