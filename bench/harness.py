#!/usr/bin/env python3
"""The benchmark harness of issue 8: dirsync on a real PostgreSQL, measured against pgbench (what the same
PostgreSQL does with the same inserts and nothing else) and against a SCIMMY server on the same machine.

    ./mvnw -B -DskipTests package && python3 bench/harness.py        # about 20 minutes; writes docs/benchmarks/RESULTS.md
    python3 bench/harness.py --quick                                 # every phase at small sizes, under 5 minutes;
                                                                     # writes docs/benchmarks/RESULTS-quick.md

Needs: the PostgreSQL server packages (initdb, pg_ctl, pgbench: Debian `postgresql`), `wrk`, `node`/`npm`
(see bench/README.md). Not part of `./mvnw verify`. Phases, in order:
  1. a throw-away PostgreSQL cluster (initdb in a temp dir, free loopback port, durable settings), dirsync on it;
  2. SCIM creates at 1, 4 and 16 clients (wrk), with write-to-projection lag taken from PostgreSQL commit
     timestamps of the event row and of each streaming projection's row (track_commit_timestamp);
  3. pgbench with one SCIM create's statements (read from the code path, see pgbench_shape.py) at the same
     client counts, in a copy of the schema beside dirsync's database;
  4. users topped up to --users over SCIM; filter GETs (`userName eq`, Entra's `emails[type eq "work"].value eq`):
     latency at 1 client, throughput at 16;
  5. role re-resolution: --members users in two mapped groups of an organization, time from a mapping reorder
     to the last member listed with its new role;
  6. replay: the store filled to --events with copies of the stored user events (new ids), then each replayed
     streaming projection timed from POST /api/projections/{name}/rebuild (--replay-mode: or .../replay, the token
     reset) until it is done and caught up;
  7. the same create and filter workloads against bench/scimmy-server.
Besides: PostgreSQL's statements and transactions per create at 16 clients (pg_stat_statements, reset before the run
and read once the streaming projections have followed it), and dirsync's resident memory after the user fill and
after the replay.
"""
import argparse, datetime, json, os, platform, re, statistics, subprocess, sys, tempfile, threading, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scim_bench as lib  # noqa: E402
import pgcluster, pgbench_shape, report, services, soak_probe, synth  # noqa: E402

CLIENTS = (1, 4, 16)
# compiler threads that stay for the JVM's life, so that their CPU can be told apart (services._jit_ticks)
JVM_ARGS = ("-XX:-UseDynamicNumberOfCompilerThreads",)
RESULTS = os.path.join(services.ROOT, "docs", "benchmarks")
# The sizes of a run. --quick is for checking a change against pgbench and SCIMMY before a full run: every phase,
# at sizes that keep the whole run under 5 minutes; its figures are noisier and its replay is of a small store. Its
# measured runs stay at 5 s (shorter ones varied too much to compare builds); the warm-ups, the users, the members
# and the replayed store are what it saves on (docs/benchmarks/memory.md, "Quick mode", has the phase timings).
PRESETS = {
    "full": {"seconds": 20, "warm_seconds": 10, "filter_warm_seconds": 20, "users": 100_000, "events": 1_000_000,
             "members": 10_000, "fill_seconds": 60, "role_runs": 3, "replay_timeout": 1800,
             "replay": "directory-users,event-log,user-public-metadata,scim-users",
             "out": os.path.join(RESULTS, "RESULTS.md")},
    "quick": {"seconds": 5, "warm_seconds": 3, "filter_warm_seconds": 3, "users": 2_000, "events": 15_000,
              "members": 300, "fill_seconds": 5, "role_runs": 1, "replay_timeout": 120, "replay": "directory-users",
              "out": os.path.join(RESULTS, "RESULTS-quick.md")},
}
STREAMING_LAG_TABLES = {  # projection -> (table, column joined to the event, event column)
    "directory-users": ("directory_user", "user_id", "aggregate_identifier"),
    "event-log": ("event_log", "global_index", "global_index"),
    "user-public-metadata": ("user_public_metadata", "user_id", "aggregate_identifier"),
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def create_connection(app, name, organization=None):
    body = {"name": name} | ({"organizationId": organization} if organization else {})
    conn = app.admin("POST", "/api/connections", body)
    return conn["id"], urllib.parse.urlparse(conn["scimBaseUrl"]).path + "/Users", conn["bearerToken"]


def with_cpu(cpu, run):
    """A wrk run, with the CPU per request it cost the JVM and PostgreSQL (`cpu`: their CPU seconds so far), whatever
    else the machine runs: the streaming projections' share included, and the measure a change is judged by, which the
    machine moves less than the rates."""
    before = cpu()
    result = run()
    after = cpu()
    result["cpu_ms"] = {k: (after[k] - before[k]) * 1000 / max(1, result["requests"]) for k in after}
    return result


def dirsync_cpu(app):
    return lambda: services.cpu_seconds(app.proc.pid, app.pg.postmaster_pid())


def creates(app, path, token, label, connections, seconds):
    return with_cpu(dirsync_cpu(app), lambda: services.wrk(
        app.origin, "create_users.lua", [path, token, label, 0], connections, seconds))


def wait_caught_up(app, timeout=1800, names=None, required=True):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        processors = [p for p in app.admin("GET", "/api/projections") if p.get("type") == "streaming"
                      and (names is None or p["name"] in names)]
        if all(p.get("caughtUp") and not p.get("replaying") and (p.get("lag") or 0) == 0 for p in processors):
            return time.perf_counter() - start
        time.sleep(0.25)
    if required:
        raise SystemExit("projections did not catch up")
    return None


def head(pg):
    return int(pg.query("SELECT coalesce(max(global_index), 0) FROM domain_event_entry"))


def projection_lag(pg, after):
    """Commit time of each projection row minus commit time of its event row, for the users created by one run
    (the events after global index `after`: their userNames are sealed in the payload, so cannot be matched)."""
    lags = {}
    for name, (table, column, event_column) in STREAMING_LAG_TABLES.items():
        rows = pg.query(
            f"SELECT extract(epoch FROM pg_xact_commit_timestamp(p.xmin) - pg_xact_commit_timestamp(e.xmin)) * 1000"
            f" FROM domain_event_entry e JOIN {table} p ON p.{column} = e.{event_column}"
            f" WHERE e.sequence_number = 0 AND e.payload_type LIKE '%UserProvisionedEvent'"
            f" AND e.global_index > {after}")
        values = [float(v) for v in rows.split() if v]
        if values:
            lags[name] = {"n": len(values), "p50": lib.percentile(values, 50), "p99": lib.percentile(values, 99),
                          "max": max(values)}
    return lags


def reset_statements(pg):
    """Zeroes pg_stat_statements and notes the database's commit count, for `statements_per_create`."""
    pg.query("SELECT pg_stat_statements_reset()")
    return int(pg.query("SELECT xact_commit FROM pg_stat_database WHERE datname = 'dirsync'"))


def statements_per_create(pg, commits_before, events_before):
    """What PostgreSQL ran per create since `reset_statements`: the request's own statements and those of every
    projection that followed it (read once they have caught up), each statement's calls and execution time per
    create, and the database's transactions per create. The harness's own look-ups are left out."""
    commits = int(pg.query("SELECT xact_commit FROM pg_stat_database WHERE datname = 'dirsync'")) - commits_before
    # every event stored since is a create's; wrk counts only the answers that came before it stopped
    creates = max(1, int(pg.query(f"SELECT count(*) FROM domain_event_entry WHERE global_index > {events_before}")))
    rows = pg.query(
        "SELECT s.calls || '|' || round(s.total_exec_time::numeric, 3) || '|' || left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110)"
        " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'dirsync'"
        " AND s.query NOT LIKE '%pg_stat%' AND s.query NOT LIKE '%coalesce(max(global_index), 0)%'"
        " ORDER BY s.calls DESC, s.total_exec_time DESC")
    statements = []
    for line in rows.split("\n"):
        if line:
            calls, ms, query = line.split("|", 2)
            statements.append({"calls": int(calls) / creates, "exec_us": float(ms) * 1000 / creates, "query": query})
    return {"creates": creates, "transactions": commits / creates, "statements": sum(s["calls"] for s in statements),
            "exec_us": sum(s["exec_us"] for s in statements), "top": statements[:40]}


def memory(app, gc_log):
    """dirsync's resident memory (VmRSS), Native Memory Tracking's committed MiB by category when it runs with --nmt
    (read before the full GC, as the resident figure is), then the heap in use after a full GC and Metaspace
    (soak_probe.py)."""
    rss, threads = soak_probe.rss_mib(app.proc.pid), soak_probe.threads(app.proc.pid)
    nmt = services.nmt_summary(app.proc.pid) if app.nmt else None
    with open(gc_log, errors="replace") as f:
        pauses = [float(ms) for ms in re.findall(r"Pause (?:Young|Full) \(.*?(\d+\.\d+)ms", f.read())]
    heap, metaspace = soak_probe.heap_after_gc(app.proc.pid, gc_log)
    return {"rss_mib": rss, "heap_mib": heap, "metaspace_mib": metaspace, "threads": threads, "nmt": nmt,
            "gc_pauses": len(pauses), "gc_pause_ms": sum(pauses), "gc_pause_max_ms": max(pauses, default=0)}


class Phases:
    """Wall time of each phase of the run, each ended by the start of the next (`--quick`'s budget is read off these)."""

    def __init__(self):
        self.seconds, self._name, self._start = {}, None, None

    def start(self, name):
        now = time.perf_counter()
        if self._name:
            self.seconds[self._name] = self.seconds.get(self._name, 0) + now - self._start
            log(f"phase {self._name}: {now - self._start:.0f} s")
        self._name, self._start = name, now


def user_names(pg, connection_id, count, path):
    names = pg.query(f"SELECT user_name FROM scim_user WHERE connection_id = '{connection_id}' AND NOT deleted"
                     f" ORDER BY random() LIMIT {count}").split("\n")
    with open(path, "w") as f:
        f.write("\n".join(names) + "\n")
    return len(names)


def fill(origin, path, token, label, count, wanted, max_seconds, chunk=5):
    """Creates users over SCIM (wrk, 16 clients) in chunks of `chunk` seconds until `count()` reaches `wanted` or
    `max_seconds` have passed (wrk cannot stop at a request count)."""
    start, requests, have = time.perf_counter(), 0, count()
    first = have
    while have < wanted and time.perf_counter() - start < max_seconds:
        requests += services.wrk(origin, "create_users.lua", [path, token, f"{label}{int(time.time() * 1000)}", 0],
                                 16, chunk)["requests"]
        have = count()
    wall = time.perf_counter() - start
    return {"requests": requests, "created": have - first, "wall": wall, "rate": (have - first) / max(wall, 0.001)}


def copy_users(pg, connection_id, wanted):
    """Tops the connection up to `wanted` users with copies of the users created over SCIM, under new ids,
    userNames, emails and externalIds: their UserProvisionedEvents, registrations and SCIM read-model rows,
    bulk-inserted by PostgreSQL (INSERT ... SELECT over generate_series; the events through synth.py, which seals
    their profiles as dirsync does). The streaming projections then build their own rows from the copied events."""
    count = lambda: int(pg.query(f"SELECT count(*) FROM scim_user WHERE connection_id = '{connection_id}'"))  # noqa: E731
    first, start = count(), time.perf_counter()
    templates = int(pg.query(f"SELECT count(*) FROM scim_user WHERE connection_id = '{connection_id}'"))
    if first >= wanted:
        return {"seconds": 0, "users": first, "copied": 0}
    # the (copy number, template) pairs, chosen once: chosen again in each statement, they would include the copies
    # the statement before had just inserted (which gave some copies no email rows: wrong filter answers)
    pg.query("DROP TABLE IF EXISTS bench_picked; CREATE TABLE bench_picked AS"
             f" SELECT g, user_id FROM scim_user CROSS JOIN generate_series(1, {-(-(wanted - first) // templates)}) g"
             f" WHERE connection_id = '{connection_id}' ORDER BY g, user_id LIMIT {wanted - first}")
    picked = "SELECT g, user_id FROM bench_picked"
    tag = "('copy' || p.g)"

    def renamed(expression):
        return f"replace(replace({expression}, '@bench.example', '@' || {tag} || '.bench.example'), 'ext-', {tag} || '-ext-')"

    statements = []
    for table in ("user_registration", "scim_user", "scim_user_email"):
        columns = pg.query(f"SELECT column_name || ':' || data_type FROM information_schema.columns"
                           f" WHERE table_name = '{table}' ORDER BY ordinal_position").split("\n")
        names, values = [], []
        for column in columns:
            name, kind = column.split(":", 1)
            names.append(name)
            values.append(f"{tag} || '-' || t.{name}" if name == "user_id" else
                          renamed(f"t.{name}") if kind.startswith("character") or kind == "text" else f"t.{name}")
        statements.append(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} FROM ({picked}) p"
                          f" JOIN {table} t ON t.user_id = p.user_id")
    pg.query("BEGIN; " + "; ".join(statements) + "; COMMIT")
    # the events (sealed under fresh keys, see synth.py) after the read model: the streaming views then build from them
    pairs = [line.split("|") for line in pg.query("SELECT 'copy' || g, user_id FROM bench_picked ORDER BY g, user_id").split("\n") if line]
    pg.query("DROP TABLE bench_picked")
    synth.copies(pg, pairs, synth.templates(pg, connection_id))
    have = count()
    return {"seconds": time.perf_counter() - start, "users": have, "copied": have - first}


def filters(origin, path, token, names_file, seconds, warm_seconds=20, cpu=None):
    # As the creates are measured after a warm-up of creates: the filter path is other code, and its first seconds
    # run while the JIT compiles it, on the cores the load needs (about half the rate in a fresh JVM's first minute).
    # Both forms, 20 s each: in a probe (2026-11-29, 11,000 users, 16 clients) the userName form ran at 2,245/s in its
    # first 20 s and 4,011/s in its second; the Entra form, right after the first, at 3,201/s and later 3,354 to 3,716/s.
    for form in ("username", "entra"):
        services.wrk(origin, "filter_users.lua", [path, token, names_file, form], 16, warm_seconds)
    out = {}
    for form in ("username", "entra"):
        out[form] = {}
        for c in (1, 16):
            run = lambda: services.wrk(origin, "filter_users.lua", [path, token, names_file, form], c, seconds)  # noqa: E731
            out[form][c] = with_cpu(cpu, run) if cpu else run()
    return out


def wait_roles(app, org, role, count, timeout):
    """Seconds until the members view lists all `count` members with `role`, or None after `timeout` seconds.
    Every 0.25 s the view's table is asked for one member of the organization without the role, and once there is
    none the admin API must list all `count` with it, within the time measured. Listing 10,000 members over the API
    every 0.2 s cost PostgreSQL 115 ms and the JVM the JSON of 10,000 members each time, and counting the table's
    rows with the role about 45 ms: CPU the resolution itself was waiting for. The first member found without the
    role ends the look early while most are still to come."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        waiting = app.pg.query(f"SELECT 1 FROM org_member WHERE organization_id = '{org}'"
                               f" AND role_key IS DISTINCT FROM '{role}' LIMIT 1")
        if not waiting.strip():
            status, _, members = app.client.call("GET", f"/api/organizations/{org}/members", lib.ADMIN)
            if status == 200 and sum(1 for m in members if m.get("role") == role) == count:
                return time.perf_counter() - start
        time.sleep(0.25)
    return None


def role_reresolution(app, pg, members, runs, max_seconds, timeout):
    org = app.admin("POST", "/api/organizations", {"name": "bench-roles", "roles": ["admin", "viewer", "member"],
                                                   "defaultRole": "member"})
    conn_id, path, token = create_connection(app, "bench-roles", org["id"])
    count = lambda: int(pg.query(f"SELECT count(*) FROM scim_user WHERE connection_id = '{conn_id}'"))  # noqa: E731
    seeded = fill(app.origin, path, token, "role", count, members, max_seconds)
    # wrk stops with requests in flight, which dirsync still completes: members read before they land would leave the
    # members view holding more than `ids`, and every wait below would time out
    settled = None
    while settled != (settled := count()):
        time.sleep(0.5)
    ids = pg.query(f"SELECT user_id FROM scim_user WHERE connection_id = '{conn_id}' ORDER BY user_id").split()
    groups, base = [], path[:-len("/Users")]
    for name in ("Admins", "Viewers"):
        status, _, group = app.client.call("POST", base + "/Groups", token, {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": name, "members": []})
        if status != 201:
            raise SystemExit(f"group POST answered {status}: {group}")
        for chunk in range(0, len(ids), 1000):
            status, _, body = app.client.call("PATCH", f"{base}/Groups/{group['id']}", token, {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": u} for u in ids[chunk:chunk + 1000]]}]})
            if status not in (200, 204):
                raise SystemExit(f"group PATCH answered {status}: {body}")
        groups.append(group["id"])
    admins, viewers = groups
    mappings = {"admin": [{"groupId": admins, "role": "admin"}, {"groupId": viewers, "role": "viewer"}],
                "viewer": [{"groupId": viewers, "role": "viewer"}, {"groupId": admins, "role": "admin"}]}
    app.admin("PUT", f"/api/connections/{conn_id}/role-mappings", mappings["admin"])
    first = wait_roles(app, org["id"], "admin", len(ids), timeout)
    timings, target = [], "viewer"
    for run in range(runs if first is not None else 0):
        start = time.perf_counter()
        app.admin("PUT", f"/api/connections/{conn_id}/role-mappings", mappings[target])
        took = wait_roles(app, org["id"], target, len(ids), timeout)
        if took is None:
            break
        timings.append(time.perf_counter() - start)
        log(f"reorder {run + 1}: {timings[-1]:.1f} s for {len(ids)} members")
        target = "admin" if target == "viewer" else "viewer"
    return {"members": len(ids), "timings": timings, "seed": seeded, "first_mapping": first, "timeout": timeout}


def synthesize_events(pg, wanted):
    """Fills the store to `wanted` events with copies of the stored UserProvisionedEvents under new user ids and
    userNames: real payloads and metadata, each profile sealed under a fresh key of its own (synth.py), as in a
    store that dirsync filled itself."""
    have = int(pg.query("SELECT count(*) FROM domain_event_entry"))
    start = time.perf_counter()
    if have < wanted:
        templates = synth.templates(pg)
        order = list(templates)
        pairs = ((f"replay{1 + i // len(order)}", order[i % len(order)]) for i in range(wanted - have))
        synth.copies(pg, pairs, templates)
        have = int(pg.query("SELECT count(*) FROM domain_event_entry"))
    return {"events": have, "seconds": time.perf_counter() - start}


def replay(app, names, timeout, modes=("rebuild",)):
    """Times each projection's rebuild from its first event, one projection at a time: `rebuild` from
    POST /api/projections/{name}/rebuild until its lastRebuild is done and the processor is caught up at the head,
    `reset` from POST .../replay (the token reset) until it is caught up at the head. One that takes longer than
    `timeout` is reported with the events it got through by then. Results are keyed "name" for the first mode and
    "name (mode)" for the others."""
    head = int(app.pg.query("SELECT max(global_index) FROM domain_event_entry"))
    events = int(app.pg.query("SELECT count(*) FROM domain_event_entry"))
    out = {}
    for mode in modes:
        for name in names:
            key = name if mode == modes[0] else f"{name} ({mode})"
            before = next(p for p in app.admin("GET", "/api/projections") if p["name"] == name).get("lastRebuild")
            cpu_before = dirsync_cpu(app)()
            start = time.perf_counter()
            app.admin("POST", f"/api/projections/{name}/{'rebuild' if mode == 'rebuild' else 'replay'}")
            time.sleep(0.5)
            while True:
                view = next(p for p in app.admin("GET", "/api/projections") if p["name"] == name)
                seconds = time.perf_counter() - start
                position = view.get("position") or 0
                # a read model of the command's transaction has no position: its rebuild's record says when it is done
                subscribing = view.get("type") == "subscribing"
                caught_up = subscribing or (not view.get("replaying") and view.get("caughtUp") and position >= head)
                if mode == "rebuild" or subscribing:
                    last = view.get("lastRebuild")
                    if last and last != before and last.get("state") == "failed":
                        out[key] = {"events": last.get("rebuilt", 0), "seconds": seconds, "rate": 0, "complete": False,
                                    "mode": mode, "error": last.get("error")}
                        break
                    caught_up &= bool(last) and last != before and last.get("state") == "done"
                if caught_up:
                    out[key] = {"events": events, "seconds": seconds, "rate": events / seconds, "complete": True,
                                "mode": mode}
                    break
                if seconds > timeout:
                    if mode == "rebuild" or subscribing:
                        done = (view.get("lastRebuild") or {}).get("rebuilt", 0)
                    else:
                        done = int(app.pg.query(f"SELECT count(*) FROM domain_event_entry WHERE global_index <= {position}"))
                    out[key] = {"events": done, "seconds": seconds, "rate": done / seconds, "complete": False,
                                "mode": mode}
                    break
                time.sleep(0.2)
            cpu_after = dirsync_cpu(app)()
            # CPU per event applied, the JIT's apart: a rebuild right after the restart pays for compiling its code paths
            out[key]["cpu_us"] = {k: (cpu_after[k] - cpu_before[k]) * 1e6 / max(1, out[key]["events"]) for k in cpu_after}
            log(f"{mode} {name}: {out[key]}")
    return out


def stop(app, pg, log_copy):
    try:
        if app:
            app.stop(keep_log_to=log_copy)
    finally:
        pg.stop()


def command(args, preset):
    """The command that reproduces the figures: the preset and every option that differs from it (not the note or paths)."""
    shaping = ("seconds", "warm_seconds", "filter_warm_seconds", "users", "events", "members", "fill_seconds", "role_runs",
               "replay_timeout")
    cmd = "python3 bench/harness.py" + (" --quick" if args.quick else "")
    cmd += "".join(f" --{k.replace('_', '-')} {getattr(args, k)}" for k in shaping if getattr(args, k) != preset[k])
    if args.replay != preset["replay"]:
        cmd += f" --replay {args.replay}"
    if args.replay_mode != "rebuild":
        cmd += f" --replay-mode {args.replay_mode}"
    for option in ("skip",):
        if getattr(args, option):
            cmd += f" --{option} {getattr(args, option)}"
    if args.heap:
        cmd += f" --heap {args.heap}"
    if args.jvm is not None:
        cmd += f" --jvm '{args.jvm}'"
    if args.malloc_arena_max is not None:
        cmd += f" --malloc-arena-max '{args.malloc_arena_max}'"
    if args.nmt:
        cmd += " --nmt"
    return cmd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="every phase at small sizes, under 5 minutes, written to docs/benchmarks/RESULTS-quick.md: "
                         + ", ".join(f"--{k.replace('_', '-')} {v}" for k, v in PRESETS["quick"].items() if k != "out"))
    ap.add_argument("--seconds", type=int, help="length of each measured load run (20; 5 with --quick)")
    ap.add_argument("--warm-seconds", type=int, help="creates before the measured ones (10; 3 with --quick)")
    ap.add_argument("--filter-warm-seconds", type=int, help="filters of each form before the measured ones (20; 3 with --quick)")
    ap.add_argument("--users", type=int, help="users for the filters (100,000; 2,000 with --quick)")
    ap.add_argument("--events", type=int, help="events in the store for the replay (1,000,000; 15,000 with --quick)")
    ap.add_argument("--members", type=int, help="members re-resolved by a mapping reorder (10,000; 300 with --quick)")
    ap.add_argument("--fill-seconds", type=int,
                    help="at most this long creating users over SCIM before copying them (filters), or for the role members")
    ap.add_argument("--role-runs", type=int,
                    help="mapping reorders timed; all are reported, the first (the service's first with these code paths) included")
    ap.add_argument("--replay", help="streaming projections to replay, comma-separated"
                                     " (directory-users,event-log,user-public-metadata,scim-users; directory-users with --quick)")
    ap.add_argument("--replay-mode", default="rebuild",
                    help="how the replay phase rebuilds each projection, comma-separated, timed in this order: rebuild"
                         " (POST .../rebuild, in sets into fresh tables) and/or reset (POST .../replay, the token reset)")
    ap.add_argument("--replay-timeout", type=int,
                    help="seconds after which a replay (or the catch-up before it) is cut short and its rate so far reported")
    ap.add_argument("--skip", default="", help="phases to skip: pgbench,filters,roles,replay,scimmy")
    ap.add_argument("--heap", help="dirsync's heap, -Xms and -Xmx both, after the other JVM flags"
                                   " (by default -Xms128m -Xmx192m, the README's production flags)")
    ap.add_argument("--jvm", help="dirsync's JVM flags, in place of the README's production flags"
                                  f" ({' '.join(services.JVM_FLAGS)}); the old harness default: '-Xms2g -Xmx2g -XX:+UseParallelGC'")
    ap.add_argument("--malloc-arena-max", help="MALLOC_ARENA_MAX for dirsync (2, the production setting;"
                                               " an empty string leaves glibc's default)")
    ap.add_argument("--nmt", action="store_true",
                    help="run dirsync with -XX:NativeMemoryTracking=summary and report its categories with the memory")
    ap.add_argument("--jar", help="the dirsync jar to run (app/target/dirsync.jar): alternate two builds' runs to compare them")
    ap.add_argument("--jfr", help="record a JFR profile of dirsync into this file")
    ap.add_argument("--note", default="", help="a sentence on the machine's state, copied into the results")
    ap.add_argument("--out", help="the report (docs/benchmarks/RESULTS.md; RESULTS-quick.md with --quick)")
    args = ap.parse_args()
    preset = PRESETS["quick" if args.quick else "full"]
    for key, value in preset.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    skip = set(filter(None, args.skip.split(",")))
    started = time.time()
    work = tempfile.mkdtemp(prefix="dirsync-bench-")
    results = {"args": vars(args), "command": command(args, preset), "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "load_before": os.getloadavg()}
    jvm = {"jvm_flags": args.jvm.split() if args.jvm is not None else None,
           "jvm_env": None if args.malloc_arena_max is None else
           ({"MALLOC_ARENA_MAX": args.malloc_arena_max} if args.malloc_arena_max else {})}
    results["jvm"] = " ".join([*(jvm["jvm_flags"] if jvm["jvm_flags"] is not None else services.JVM_FLAGS),
                               *([f"-Xms{args.heap}", f"-Xmx{args.heap}"] if args.heap else [])])
    results["jvm_env"] = " ".join(f"{k}={v}" for k, v in
                                  (jvm["jvm_env"] if jvm["jvm_env"] is not None else services.JVM_ENV).items())
    extra = ["-XX:NativeMemoryTracking=summary"] if args.nmt else []
    phases = Phases()
    phases.start("PostgreSQL and dirsync start")

    pg = pgcluster.PgCluster(lib.free_port()).start()
    app = None
    try:
        log(f"PostgreSQL {pg.query('SHOW server_version')} on port {pg.port}; starting dirsync")
        gc_log = os.path.join(work, "gc.log")
        app = services.Dirsync(pg, heap=args.heap, jar=args.jar, jfr=args.jfr, jvm_args=[f"-Xlog:gc:file={gc_log}", *JVM_ARGS, *extra], **jvm)
        app.pg, app.nmt = pg, args.nmt
        phases.start("client ceiling")
        results["client_ceiling"] = services.client_ceiling(min(3 if args.quick else 10, args.seconds))
        log(f"client ceiling (wrk + trivial node server): {results['client_ceiling']['rps']:.0f} req/s")

        phases.start("create warm-up")
        conn_id, path, token = create_connection(app, "bench")
        log(f"warm-up: {args.warm_seconds} s of creates at 16 clients")
        creates(app, path, token, "warm", 16, args.warm_seconds)
        wait_caught_up(app)
        # What autovacuum does within its first minute on a new database: until a table has been analyzed, PostgreSQL
        # knows no row count for it, every (connection_id, ...) index ties for an equality lookup, and the tie can go
        # to an index that scans all of the connection's rows. Without this the creates at 1 and 4 clients measured
        # that first minute, not the service (docs/benchmarks/ANALYSIS.md, sixth round).
        pg.query("ANALYZE")
        phases.start("creates")
        results["creates"] = {}
        for c in CLIENTS:
            before = head(pg)
            commits = reset_statements(pg) if c == 16 else None
            results["creates"][c] = creates(app, path, token, f"c{c}", c, args.seconds)
            log(f"creates at {c}: {results['creates'][c]}")
            results["creates"][c]["lag"] = projection_lag(pg, before) if c == 16 else None
            wait_caught_up(app)
            if c == 16:
                results["per_create"] = statements_per_create(pg, commits, before)
                log(f"per create at 16 clients: {results['per_create']['statements']:.1f} statements,"
                    f" {results['per_create']['transactions']:.2f} transactions")
        results["lag"] = results["creates"][16]["lag"]
        log(f"lag at 16 clients: {results['lag']}")

        if "pgbench" not in skip:
            phases.start("pgbench")
            results["pgbench"] = pgbench_shape.run(pg, conn_id, CLIENTS, args.seconds)
            log(f"pgbench: {results['pgbench']}")

        if "filters" not in skip:
            phases.start("user fill")
            count = lambda: int(pg.query(f"SELECT count(*) FROM scim_user WHERE connection_id = '{conn_id}'"))  # noqa: E731
            log(f"creating users over SCIM for up to {args.fill_seconds} s, then copying them to {args.users}")
            results["fill"] = fill(app.origin, path, token, "fill", count, args.users, args.fill_seconds)
            results["copies"] = copy_users(pg, conn_id, args.users)
            log(f"fill: {results['fill']}, copies: {results['copies']}")
            # the filters read the SCIM read model, which is never behind; the streaming views may still be catching up
            results["fill_caught_up"] = wait_caught_up(app, timeout=args.replay_timeout, required=False)
            results["memory_after_fill"] = memory(app, gc_log)
            log(f"memory after the fill: {results['memory_after_fill']}")
            phases.start("filters")
            pg.query("ANALYZE")
            results["users"] = int(pg.query(f"SELECT count(*) FROM scim_user WHERE connection_id = '{conn_id}'"))
            names = os.path.join(work, "dirsync-names.txt")
            results["filter_names"] = user_names(pg, conn_id, 20_000, names)
            results["filters"] = filters(app.origin, path, token, names, args.seconds, args.filter_warm_seconds,
                                         cpu=dirsync_cpu(app))
            log(f"filters: {results['filters']}")

        if "roles" not in skip:
            phases.start("role re-resolution")
            results["roles"] = role_reresolution(app, pg, args.members, args.role_runs, args.fill_seconds, args.replay_timeout)

        if "replay" not in skip:
            phases.start("replay (store fill, restart, replays)")
            wait_caught_up(app, timeout=args.replay_timeout, required=False)
            # The copies are written while dirsync is down, and every streaming processor's token is then moved past
            # them: otherwise all eight live processors would first have to catch up on the million events (a
            # different workload, measured at smaller scale by the filters phase's catch-up) before one replay could
            # be timed alone. A replay starts from the first event whatever the token says, so it reads them all.
            app.stop(keep_log_to=os.path.join(work, "dirsync-before-replay.log"))
            app = None
            log(f"filling the store to {args.events} events")
            results["synth"] = synthesize_events(pg, args.events)
            position = head(pg)
            pg.query("UPDATE token_entry SET owner = NULL, token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken',"
                     f" token = convert_to('{{\"index\":{position},\"gaps\":[]}}', 'UTF8')")
            log(f"store filled: {results['synth']}; dirsync restarted with its processors at {position}")
            gc_log = os.path.join(work, "gc-replay.log")
            app = services.Dirsync(pg, heap=args.heap, jar=args.jar, jfr=args.jfr and args.jfr + ".replay.jfr",
                                   jvm_args=[f"-Xlog:gc:file={gc_log}", *JVM_ARGS, *extra], **jvm)
            app.pg, app.nmt = pg, args.nmt
            wait_caught_up(app, timeout=args.replay_timeout, required=False)
            results["replay"] = replay(app, [n for n in args.replay.split(",") if n], args.replay_timeout,
                                       tuple(m for m in args.replay_mode.split(",") if m))
            results["memory_after_replay"] = memory(app, gc_log)
            log(f"memory after the replay: {results['memory_after_replay']}")
        results["pg_stat_statements"] = pg.query(
            "SELECT round(total_exec_time)::text || ' ms | ' || calls || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 140)"
            " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15")
    finally:
        # dirsync's graceful stop and PostgreSQL's take seconds of waiting, not CPU: they overlap SCIMMY's start and
        # warm-up, and are over before its first measured run
        stopping = threading.Thread(target=stop, args=(app, pg, os.path.join(work, "dirsync.log")))
        stopping.start()
        if "scimmy" in skip or sys.exc_info()[0]:
            stopping.join()

    if "scimmy" not in skip:
        phases.start("SCIMMY")
        scimmy = services.ScimmyServer()
        try:
            base, token = "/scim/v2/Users", services.ScimmyServer.TOKEN
            services.wrk(scimmy.origin, "create_users.lua", [base, token, "warm", 0], 16, min(5, args.warm_seconds))
            stopping.join()
            results["scimmy_creates"] = {c: services.wrk(scimmy.origin, "create_users.lua", [base, token, f"c{c}", 0], c,
                                                         args.seconds) for c in CLIENTS}
            log(f"scimmy creates: {results['scimmy_creates']}")
            if "filters" not in skip:
                total = lambda: scimmy.client.call("GET", "/bench/user-names?count=1", "")[2]["total"]  # noqa: E731
                results["scimmy_fill"] = fill(scimmy.origin, base, token, "fill", total, args.users, 5 * args.fill_seconds)
                _, _, sample = scimmy.client.call("GET", "/bench/user-names?count=20000", "")
                results["scimmy_users"] = sample["total"]
                names = os.path.join(work, "scimmy-names.txt")
                with open(names, "w") as f:
                    f.write("\n".join(sample["userNames"]) + "\n")
                results["scimmy_filters"] = filters(scimmy.origin, base, token, names, args.seconds, args.filter_warm_seconds)
                log(f"scimmy filters: {results['scimmy_filters']}")
        finally:
            scimmy.stop()

    phases.start(None)
    results["phases"] = phases.seconds
    results["wall_seconds"] = time.time() - started
    results["load_after"] = os.getloadavg()
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=1, default=str)
    report.write(results, args.out)
    log(f"done in {results['wall_seconds'] / 60:.1f} min; raw figures and dirsync's log in {work}; wrote {args.out}")


if __name__ == "__main__":
    main()
