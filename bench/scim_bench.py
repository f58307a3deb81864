#!/usr/bin/env python3
"""SCIM filter and group-membership benchmark for dirsync (issue: complete SCIM protocol).

Starts app/target/dirsync.jar on an empty data directory (H2, the embedded default) on a free loopback
port, seeds users over SCIM exactly as an IdP would, then measures:
  - GET /Users?filter=userName eq "..."                          latency, median and p99
  - GET /Users?filter=emails[type eq "work"].value eq "..."      latency (Entra's form), median and p99
  - PATCH adding one member to a group that already has N members latency, median and p99
and writes docs/benchmarks/scim-filter-and-membership.md. Not part of `./mvnw verify`.

Usage (from the project root, after ./mvnw -q -DskipTests package):
    python3 bench/scim_bench.py [--users 100000] [--group-members 50000] [--samples 300]
"""
import argparse, http.client, json, os, platform, random, shutil, socket, statistics, subprocess, sys, tempfile
import threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

ADMIN = "bench-admin-token-7c1e5a9b3d2f4e6a8b0c1d2e"  # dirsync refuses admin tokens under 32 characters


class Client:
    """One keep-alive HTTP connection per thread: the IdPs' own clients keep connections open too."""
    local = threading.local()

    def __init__(self, port):
        self.port = port

    def conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return c

    def call(self, method, path, token, body=None):
        data = json.dumps(body) if body is not None else None
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/scim+json"}
        for attempt in range(2):
            try:
                c = self.conn()
                start = time.perf_counter()
                c.request(method, path, body=data, headers=headers)
                r = c.getresponse()
                raw = r.read()
                return r.status, time.perf_counter() - start, (json.loads(raw) if raw else None)
            except (http.client.HTTPException, OSError):
                self.local.conn = None
                if attempt:
                    raise


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def start_service(jar, data, port):
    # the rate limit is for runaway IdPs; seeding 100,000 users is not what it should measure
    env = dict(os.environ, SERVER_PORT=str(port), DIRSYNC_DATA_DIR=data, DIRSYNC_ADMIN_TOKEN=ADMIN,
               DIRSYNC_SCIM_RATELIMIT_ENABLED="false")
    log = open(os.path.join(data, "dirsync.log"), "w")
    proc = subprocess.Popen(["java", "-Xmx2g", "-jar", jar], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=data)
    client = Client(port)
    for _ in range(240):
        try:
            status, _, body = client.call("GET", "/actuator/health", "")
            if status == 200:
                return proc, client
        except OSError:
            pass
        if proc.poll() is not None:
            sys.exit("dirsync exited; see " + log.name)
        time.sleep(0.5)
    sys.exit("dirsync did not start")


def seed_users(client, base, token, count, workers):
    def post(i):
        user = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": f"user{i}@bench.example",
                "externalId": f"ext-{i}", "name": {"givenName": "User", "familyName": str(i)},
                "emails": [{"value": f"user{i}@bench.example", "type": "work", "primary": True},
                           {"value": f"u{i}@home.example", "type": "home"}], "active": True}
        status, _, body = client.call("POST", base + "/Users", token, user)
        if status != 201:
            raise SystemExit(f"seed POST {i} answered {status}: {body}")
        return body["id"]
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        ids = list(pool.map(post, range(count), chunksize=64))
    return ids, time.perf_counter() - start


def timed_gets(client, base, token, filters):
    latencies = []
    for f in filters:
        status, took, body = client.call("GET", base + "/Users?filter=" + urllib.parse.quote(f), token)
        if status != 200 or body["totalResults"] != 1:
            raise SystemExit(f"filter {f!r} answered {status}: {str(body)[:300]}")
        latencies.append(took)
    return latencies


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--group-members", type=int, default=50_000)
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--out", default="docs/benchmarks/scim-filter-and-membership.md")
    args = ap.parse_args()
    jar = os.path.abspath("app/target/dirsync.jar")
    if not os.path.exists(jar):
        sys.exit("build first: ./mvnw -q -DskipTests package")
    if args.group_members + args.samples > args.users:
        sys.exit("--users must exceed --group-members + --samples")
    data = tempfile.mkdtemp(prefix="dirsync-bench-")
    proc, client = start_service(jar, data, free_port())
    try:
        _, _, conn = client.call("POST", "/api/connections", ADMIN, {"name": "bench"})
        base = urllib.parse.urlparse(conn["scimBaseUrl"]).path
        token = conn["bearerToken"]
        print(f"seeding {args.users} users over SCIM with {args.workers} clients ...", flush=True)
        ids, seed_seconds = seed_users(client, base, token, args.users, args.workers)
        rng = random.Random(42)
        picks = [rng.randrange(args.users) for _ in range(args.samples)]
        by_name = timed_gets(client, base, token, [f'userName eq "USER{i}@bench.example"' for i in picks])
        by_email = timed_gets(client, base, token, [f'emails[type eq "work"].value eq "user{i}@bench.example"' for i in picks])

        print(f"building a group of {args.group_members} members ...", flush=True)
        status, _, group = client.call("POST", base + "/Groups", token, {"displayName": "Everyone", "members": []})
        gid = group["id"]
        for chunk in range(0, args.group_members, 1000):
            members = [{"value": u} for u in ids[chunk:min(args.group_members, chunk + 1000)]]
            status, _, body = client.call("PATCH", f"{base}/Groups/{gid}", token,
                                          {"Operations": [{"op": "add", "path": "members", "value": members}]})
            if status != 204:
                raise SystemExit(f"bulk add answered {status}: {body}")
        add_one = []
        for u in ids[args.group_members:args.group_members + args.samples]:
            status, took, body = client.call("PATCH", f"{base}/Groups/{gid}", token,
                                             {"Operations": [{"op": "add", "path": "members", "value": [{"value": u}]}]})
            if status != 204:
                raise SystemExit(f"add one answered {status}: {body}")
            add_one.append(took)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)

    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    rows = [("filter `userName eq` (case-insensitive)", by_name),
            ("filter `emails[type eq \"work\"].value eq` (Entra)", by_email),
            (f"PATCH add 1 member to a {args.group_members:,}-member group", add_one)]
    lines = [
        "# SCIM filter and group-membership benchmark",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python3 bench/scim_bench.py"
        f" --users {args.users} --group-members {args.group_members} --samples {args.samples}`,"
        f" on {os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.system()} {platform.machine()}; dirsync on its embedded"
        " H2 default, one JVM (-Xmx2g), client and server on the same machine over loopback. The machine is shared and"
        " noisy: read medians, and ratios between rows, rather than single figures.",
        "",
        f"Seeding: {args.users:,} users by SCIM POST with {args.workers} concurrent clients in {seed_seconds:.0f} s"
        f" ({args.users / seed_seconds:.0f} creates/s, each one event plus its registry, read-model and email rows).",
        "",
        "| operation | samples | median | p99 |",
        "|---|---|---|---|",
    ]
    for name, values in rows:
        lines.append(f"| {name} | {len(values)} | {ms(statistics.median(values))} | {ms(percentile(values, 99))} |")
    lines += ["", "Latency is measured at the client, per request, sequentially (one request in flight)."]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
