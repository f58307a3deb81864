#!/usr/bin/env python3
"""Role re-resolution benchmark: time from a mapping reorder to the last of N members re-resolved.

Starts app/target/dirsync.jar on an empty H2 data directory, provisions N users over SCIM, pushes two
groups holding all of them, maps them to two roles, waits until every member holds the first mapping's
role, then reverses the mapping order and measures until every member holds the other role (polling the
admin members list). Writes docs/benchmarks/role-reresolution.md. Not part of `./mvnw verify`.

Usage (from the project root, after ./mvnw -q -DskipTests package):
    python3 bench/role_bench.py [--members 10000]
"""
import argparse, os, platform, shutil, statistics, subprocess, sys, tempfile, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scim_bench as lib  # noqa: E402


def wait_until_all(client, org, role, count, timeout):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        status, _, members = client.call("GET", f"/api/organizations/{org}/members", lib.ADMIN)
        if status == 200 and sum(1 for m in members if m.get("role") == role) == count:
            return time.perf_counter() - start
        time.sleep(0.2)
    raise SystemExit(f"members never all reached role {role}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="docs/benchmarks/role-reresolution.md")
    args = ap.parse_args()
    jar = os.path.abspath("app/target/dirsync.jar")
    data = tempfile.mkdtemp(prefix="dirsync-role-bench-")
    proc, client = lib.start_service(jar, data, lib.free_port())
    try:
        _, _, org = client.call("POST", "/api/organizations", lib.ADMIN,
                                {"name": "bench", "roles": ["admin", "viewer", "member"], "defaultRole": "member"})
        _, _, conn = client.call("POST", "/api/connections", lib.ADMIN, {"name": "bench", "organizationId": org["id"]})
        base, token = urllib.parse.urlparse(conn["scimBaseUrl"]).path, conn["bearerToken"]
        print(f"provisioning {args.members} users ...", flush=True)
        ids, seed_seconds = lib.seed_users(client, base, token, args.members, args.workers)
        groups = []
        for name in ("Admins", "Viewers"):
            _, _, group = client.call("POST", base + "/Groups", token, {"displayName": name, "members": []})
            for chunk in range(0, len(ids), 1000):
                client.call("PATCH", f"{base}/Groups/{group['id']}", token,
                            {"Operations": [{"op": "add", "path": "members", "value": [{"value": u} for u in ids[chunk:chunk + 1000]]}]})
            groups.append(group["id"])
        admins, viewers = groups
        mappings = {"admin": [{"groupId": admins, "role": "admin"}, {"groupId": viewers, "role": "viewer"}],
                    "viewer": [{"groupId": viewers, "role": "viewer"}, {"groupId": admins, "role": "admin"}]}
        client.call("PUT", f"/api/connections/{conn['id']}/role-mappings", lib.ADMIN, mappings["admin"])
        wait_until_all(client, org["id"], "admin", args.members, 1800)
        timings = []
        target = "viewer"
        for run in range(args.runs):
            start = time.perf_counter()
            client.call("PUT", f"/api/connections/{conn['id']}/role-mappings", lib.ADMIN, mappings[target])
            wait_until_all(client, org["id"], target, args.members, 1800)
            timings.append(time.perf_counter() - start)
            print(f"reorder {run + 1}: {timings[-1]:.1f} s", flush=True)
            target = "admin" if target == "viewer" else "viewer"
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    lines = ["# Role re-resolution benchmark", "",
             f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python3 bench/role_bench.py --members {args.members}`"
             f" on {os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.system()} {platform.machine()}; dirsync on its embedded H2"
             " default, one JVM. Shared, noisy machine: read the median.", "",
             f"{args.members:,} members in two mapped groups; each run reverses the mapping order, so every member's role"
             " changes, and measures from the PUT of the mappings to the moment the admin API lists the last member with"
             " its new role (marking, batched resolution, one command and event per member, and the streaming members"
             " view catching up).", "",
             "| runs | median | fastest | slowest | members/s (median) |", "|---|---|---|---|---|",
             f"| {len(timings)} | {statistics.median(timings):.1f} s | {min(timings):.1f} s | {max(timings):.1f} s"
             f" | {args.members / statistics.median(timings):.0f} |", "",
             f"Provisioning the {args.members:,} users over SCIM took {seed_seconds:.0f} s with {args.workers} clients."]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
