#!/usr/bin/env python3
"""Access reviews at scale (issue 24): a snapshot of --users users and a quarter's changes, read from the
access-history intervals, against the naive way, one time-travel request per user (GET /api/users/{id}?asOf=).

    ./mvnw -B -DskipTests package && python3 bench/access_bench.py     # writes docs/benchmarks/access-reviews.md

A throw-away PostgreSQL and the built jar on it (as harness.py); --seed users over SCIM, topped up to --users with
sealed copies (harness.copy_users), then four groups holding a quarter of the users each (SCIM PATCHes of 1,000
members), two of them mapped to roles, and --deactivate users deactivated. Each export is read to the end over HTTP,
--runs times; the median is reported. The naive way is timed on --sample random users and scaled to all of them.
"""
import argparse, datetime, os, random, statistics, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scim_bench as lib  # noqa: E402
import harness, pgcluster, services  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
log = harness.log


def read_all(app, path, accept=None):
    """Seconds to read the whole answer, its bytes and lines."""
    request = urllib.request.Request(app.origin + path, headers={"Authorization": "Bearer " + lib.ADMIN}
                                     | ({"Accept": accept} if accept else {}))
    start = time.perf_counter()
    size = lines = objects = 0
    with urllib.request.urlopen(request, timeout=1800) as answer:
        while chunk := answer.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
            objects += chunk.count(b'{"')  # rows hold no nested object; a row cut between chunks is rare, and only miscounted
    return time.perf_counter() - start, size, lines if lines else objects


def timed(app, path, runs, accept=None):
    results = [read_all(app, path, accept) for _ in range(runs)]
    return {"median_s": statistics.median(r[0] for r in results), "all_s": [round(r[0], 3) for r in results],
            "bytes": results[0][1], "lines": results[0][2]}


def scim(app, method, path, token, body):
    status, _, answer = app.client.call(method, path, token, body)
    if status >= 300:
        raise SystemExit(f"{method} {path} answered {status}: {answer}")
    return answer


def wait_quiet(app, pg):
    while True:
        harness.wait_caught_up(app)
        if int(pg.query("SELECT count(*) FROM rm_dirty")) == 0 and harness.wait_caught_up(app) is not None:
            return
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=500, help="users created over SCIM before copying")
    parser.add_argument("--deactivate", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=300, help="users timed with per-user time travel")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks", "access-reviews.md"))
    parser.add_argument("--hold", type=float, default=0,
                        help="minutes to keep PostgreSQL and the jar up after the run (for EXPLAIN ANALYZE on its data)")
    args = parser.parse_args()

    pg = pgcluster.PgCluster(lib.free_port()).start()
    app = None
    try:
        app = services.Dirsync(pg, heap=args.heap, jvm_flags=services.FIXED_HEAP_FLAGS, jvm_env={})
        app.pg = pg
        history_from = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        org = app.admin("POST", "/api/organizations", {"name": "Bench", "roles": ["admin", "member", "viewer"], "defaultRole": "member"})
        cid, users_path, token = harness.create_connection(app, "access-bench", org["id"])
        base = users_path[:-len("/Users")]
        log(f"seeding {args.seed} users over SCIM")
        lib.seed_users(app.client, base, token, args.seed, 4)
        log(f"copying up to {args.users} users")
        copied = harness.copy_users(pg, cid, args.users)
        start = time.perf_counter()
        wait_quiet(app, pg)
        copied["catch_up_s"] = time.perf_counter() - start
        quarter_start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=91)

        ids = pg.query(f"SELECT user_id FROM scim_user WHERE connection_id = '{cid}' ORDER BY user_id").split()
        log(f"{len(ids)} users; four groups of a quarter each")
        start = time.perf_counter()
        groups = []
        for i, name in enumerate(["Admins", "Engineering", "Sales", "Support"]):
            group = scim(app, "POST", base + "/Groups", token, {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                                               "displayName": name})
            groups.append(group["id"])
            members = ids[i::4]
            for at in range(0, len(members), 1000):
                scim(app, "PATCH", base + "/Groups/" + group["id"], token, {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{"op": "add", "path": "members", "value": [{"value": m} for m in members[at:at + 1000]]}]})
        app.admin("PUT", f"/api/connections/{cid}/role-mappings",
                  [{"groupId": groups[0], "role": "admin"}, {"groupId": groups[1], "role": "viewer"}])
        for user_id in random.Random(7).sample(ids, args.deactivate):
            scim(app, "PATCH", base + "/Users/" + user_id, token, {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                                                   "Operations": [{"op": "replace", "path": "active", "value": False}]})
        wait_quiet(app, pg)
        history_seconds = time.perf_counter() - start
        as_of = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        events = int(pg.query("SELECT count(*) FROM domain_event_entry"))
        intervals = {t: int(pg.query(f"SELECT count(*) FROM {t}")) for t in
                     ("access_user_interval", "access_role_interval", "access_membership_interval", "access_group_interval")}

        results = {}
        snapshot = f"/api/connections/{cid}/snapshot?asOf={as_of}"
        for label, path, accept in [("snapshot, CSV", snapshot + "&format=csv", None),
                                    ("snapshot, NDJSON", snapshot, "application/x-ndjson"),
                                    ("snapshot, JSON", snapshot, None),
                                    ("memberships, CSV", snapshot + "&part=memberships&format=csv", None),
                                    ("a quarter's changes, CSV", f"/api/connections/{cid}/access-changes?from="
                                     + quarter_start.isoformat().replace("+00:00", "Z") + f"&to={as_of}&format=csv", None),
                                    ("members per role, a quarter by day (93 points), CSV", f"/api/connections/{cid}/role-counts?from="
                                     + quarter_start.isoformat().replace("+00:00", "Z") + f"&to={as_of}&step=P1D&format=csv", None),
                                    ("members per role, the set-up in 500 points, CSV", f"/api/connections/{cid}/role-counts?from="
                                     + history_from + f"&to={as_of}&points=500&format=csv", None)]:
            log(f"timing {label}")
            results[label] = timed(app, path, args.runs, accept)

        log(f"timing per-user time travel on {args.sample} users")
        sample = random.Random(11).sample(ids, args.sample)
        start = time.perf_counter()
        for user_id in sample:
            status, _, _ = app.client.call("GET", f"/api/users/{user_id}?asOf={as_of}", lib.ADMIN)
            assert status == 200, status
        naive = time.perf_counter() - start
        write(args, copied, len(ids), events, intervals, history_seconds, results, naive)
        if args.hold:
            log(f"holding for {args.hold} min: psql -h 127.0.0.1 -p {pg.port} -U postgres dirsync; connection {cid},"
                f" asOf {as_of}, quarter from {quarter_start.isoformat()}")
            time.sleep(args.hold * 60)
    finally:
        if app:
            app.stop()
        pg.stop()


def write(args, copied, users, events, intervals, history_seconds, results, naive):
    per_user = naive / args.sample
    lines = [
        "# Access reviews at scale",
        "",
        f"Run on {datetime.date.today()} with `python3 bench/access_bench.py` (defaults unless listed: "
        f"`--users {args.users} --sample {args.sample} --runs {args.runs} --heap {args.heap}`), PostgreSQL "
        f"{pgcluster_version()} in a throw-away cluster, dirsync's jar with a {args.heap} heap, on a machine shared "
        "with other work (2 cores).",
        "",
        f"History: {users:,} users ({copied['copied']:,} of them copies of SCIM-created ones), four groups of a quarter "
        f"each, two mapped to roles, {args.deactivate:,} deactivated; {events:,} events. Every projection caught up on "
        f"the copies in {copied['catch_up_s']:.0f} s; building the groups, roles and deactivations and waiting for "
        f"every projection: {history_seconds:.0f} s. Load average at the end: "
        + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + ".",
        "Intervals: " + ", ".join(f"`{t}` {n:,}" for t, n in intervals.items()) + ".",
        "",
        "| export | median s | runs s | rows | MB |",
        "|---|---|---|---|---|",
    ]
    for label, r in results.items():
        rows = r["lines"] - (1 if "CSV" in label else 0)
        lines.append(f"| {label} | {r['median_s']:.2f} | {', '.join(str(s) for s in r['all_s'])} | {rows:,} | {r['bytes'] / 1e6:.1f} |")
    lines += [
        f"| per-user time travel, {args.sample} users | {naive:.2f} | | {args.sample} | |",
        f"| per-user time travel, all {users:,} users (scaled) | {per_user * users:.0f} | | {users:,} | |",
        "",
        f"Target of issue 24: a snapshot of 100,000 users and a quarter's changes each under 2 s on PostgreSQL. "
        f"Per-user time travel: {per_user * 1000:.1f} ms a user, one request each, and it lists no membership or change.",
    ]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def pgcluster_version():
    return os.path.basename(os.path.dirname(pgcluster._bin_dir()))


if __name__ == "__main__":
    main()
