#!/usr/bin/env python3
"""The SCIM read models rebuilt in sets against the per-aggregate rebuild, on one store (issue 22 item 4).

Starts app/target/dirsync.jar on a throw-away PostgreSQL (as bench/harness.py does), provisions --seed-users over
SCIM, tops the connection up to --users with copies (harness.copy_users: events, registrations and read-model rows),
then pushes --groups groups of five members, each changed by two member PATCHes (an add and a remove). Once the
streaming projections have caught up, round by round, times `scim-users` and `scim-groups` rebuilt by
POST /api/projections/{name}/rebuild (in sets) and by POST .../replay (one aggregate a transaction), alternating,
from the request until the rebuild is recorded done; the first round warms the JIT and is not counted. Prints
events/s and aggregates/s with their medians and the load average (--statements: PostgreSQL's top statements of
each run; --jfr: a profile; --lost-rows: the users' read-model rows deleted before each rebuild of scim-users, so that
every main row is missing, as in a store filled by bench/synth.py). Not part of `./mvnw verify`.

    ./mvnw -q -DskipTests package && python3 bench/scim_rebuild_bench.py [--users 50000] [--groups 2000] [--rounds 3]
"""
import argparse, json, os, random, statistics, sys, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scim_bench as lib  # noqa: E402
import harness, pgcluster, services  # noqa: E402

AGGREGATE_TYPES = {"scim-users": "User", "scim-groups": "Group"}


def push_groups(app, base, token, user_ids, count, workers):
    rng = random.Random(22)

    def one(i):
        members = rng.sample(user_ids, 6)
        status, _, group = app.client.call("POST", base + "/Groups", token, {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": f"Bench group {i}",
            "members": [{"value": u} for u in members[:5]]})
        if status != 201:
            raise SystemExit(f"group {i}: {status} {group}")
        for op, member in (("add", members[5]), ("remove", members[0])):
            body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{"op": op, "path": "members" if op == "add" else f'members[value eq "{member}"]'}
                                   | ({"value": [{"value": member}]} if op == "add" else {})]}
            status, _, answer = app.client.call("PATCH", f"{base}/Groups/{group['id']}", token, body)
            if status not in (200, 204):
                raise SystemExit(f"group {i} {op}: {status} {answer}")
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(count)))
    return time.perf_counter() - start


def view(app, name):
    return next(p for p in app.admin("GET", "/api/projections") if p["name"] == name)


USER_TABLES = ("scim_user_email", "scim_user_attribute_value", "scim_user")


def lose_user_rows(pg):
    pg.query("; ".join(f"DELETE FROM {table}" for table in USER_TABLES))
    pg.query("VACUUM ANALYZE scim_user")


def timed(app, name, mode, timeout):
    before = view(app, name).get("lastRebuild")
    load = os.getloadavg()[0]
    start = time.perf_counter()
    app.admin("POST", f"/api/projections/{name}/{mode}")
    while True:
        time.sleep(0.1)
        last = view(app, name).get("lastRebuild")
        if last and last != before and last.get("state") != "running":
            seconds = time.perf_counter() - start
            if last.get("state") != "done" or last.get("failed"):
                raise SystemExit(f"{mode} of {name}: {last}")
            return {"seconds": seconds, "aggregates": last["rebuilt"], "load": (load + os.getloadavg()[0]) / 2}
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"{mode} of {name} still running after {timeout} s")


def top_statements(pg):
    return pg.query(
        "SELECT s.calls || ' calls ' || round(s.total_exec_time::numeric) || ' ms  '"
        " || left(regexp_replace(s.query, '\\s+', ' ', 'g'), 100) FROM pg_stat_statements s"
        " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'dirsync' AND s.query NOT LIKE '%pg_stat%'"
        " ORDER BY s.total_exec_time DESC LIMIT 12")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed-users", type=int, default=2000)
    ap.add_argument("--users", type=int, default=50_000)
    ap.add_argument("--groups", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3, help="counted rounds, after one warm-up round")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--timeout", type=int, default=1200)
    ap.add_argument("--jar")
    ap.add_argument("--modes", default="rebuild,replay", help="rebuild (in sets) and/or replay (one by one)")
    ap.add_argument("--statements", action="store_true",
                    help="print PostgreSQL's top statements (pg_stat_statements) of each timed rebuild")
    ap.add_argument("--jfr", help="record a JFR profile of dirsync to this file (settings=profile)")
    ap.add_argument("--lost-rows", action="store_true",
                    help="delete the users' read-model rows before each rebuild of scim-users (every main row missing)")
    ap.add_argument("--out", help="JSON results")
    args = ap.parse_args()
    pg = pgcluster.PgCluster(lib.free_port()).start()
    app = None
    try:
        app = services.Dirsync(pg, jar=args.jar, jfr=args.jfr and os.path.abspath(args.jfr))
        conn_id, path, token = harness.create_connection(app, "scim rebuild bench")
        base = path[: -len("/Users")]
        print(f"provisioning {args.seed_users} users over SCIM ...", flush=True)
        ids, _ = lib.seed_users(app.client, base, token, args.seed_users, args.workers)
        copied = harness.copy_users(pg, conn_id, args.users)
        print(f"users: {copied}", flush=True)
        print(f"groups: {args.groups} in {push_groups(app, base, token, ids, args.groups, args.workers):.1f} s", flush=True)
        # the streaming projections follow the copied events first: a rebuild timed meanwhile would share the cores
        print(f"streaming projections caught up in {harness.wait_caught_up(app, timeout=args.timeout):.1f} s", flush=True)
        events = {name: int(pg.query(f"SELECT count(*) FROM domain_event_entry WHERE type = '{kind}'"))
                  for name, kind in AGGREGATE_TYPES.items()}
        store = int(pg.query("SELECT count(*) FROM domain_event_entry"))
        print(f"store: {store} events; {events}", flush=True)
        wanted = [m for m in ("rebuild", "replay") if m in args.modes.split(",")]
        runs = {(name, mode): [] for name in AGGREGATE_TYPES for mode in wanted}
        for rnd in range(args.rounds + 1):
            for name in AGGREGATE_TYPES:
                modes = wanted if rnd % 2 == 0 else wanted[::-1]
                for mode in modes:
                    if args.lost_rows and name == "scim-users":
                        lose_user_rows(pg)
                    if args.statements:
                        pg.query("SELECT pg_stat_statements_reset()")
                    run = timed(app, name, mode, args.timeout)
                    if args.statements:
                        print(top_statements(pg), flush=True)
                    run["events_per_s"] = events[name] / run["seconds"]
                    run["aggregates_per_s"] = run["aggregates"] / run["seconds"]
                    print(f"round {rnd}{' (warm-up)' if rnd == 0 else ''} {name} {mode}: {json.dumps(run)}", flush=True)
                    if rnd > 0:
                        runs[(name, mode)].append(run)
        summary = {}
        for (name, mode), done in runs.items():
            summary[f"{name} {mode}"] = {
                "events": events[name], "aggregates": done[0]["aggregates"],
                "seconds": [round(r["seconds"], 2) for r in done],
                "median_seconds": statistics.median(r["seconds"] for r in done),
                "median_events_per_s": statistics.median(r["events_per_s"] for r in done),
                "median_aggregates_per_s": statistics.median(r["aggregates_per_s"] for r in done),
                "load": [round(r["load"], 1) for r in done]}
            print(f"{name} {mode}: {json.dumps(summary[f'{name} {mode}'])}", flush=True)
        if args.out:
            with open(args.out, "w") as out:
                json.dump({"store": store, "events": events, "results": summary}, out, indent=2)
    finally:
        harness.stop(app, pg, None)


if __name__ == "__main__":
    main()
