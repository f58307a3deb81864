"""Processes the harness runs: dirsync on PostgreSQL, the SCIMMY comparison server, and the wrk load generator."""
import json, os, re, resource, shutil, socket, subprocess, sys, tempfile, time

import scim_bench as lib

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)


def _cpu_ticks(pid, with_children=False):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks + (int(fields[13]) + int(fields[14]) if with_children else 0)  # + cutime, cstime


def cpu_seconds(dirsync_pid, postmaster_pid):
    """CPU time used so far by the dirsync JVM and by PostgreSQL (postmaster, its live backends and the ones that
    ended): the cost of a workload whatever else runs on the machine."""
    hz = os.sysconf("SC_CLK_TCK")
    pg = _cpu_ticks(postmaster_pid, with_children=True)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == postmaster_pid:
                        pg += _cpu_ticks(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return {"dirsync": _cpu_ticks(dirsync_pid) / hz if dirsync_pid else 0.0, "postgres": pg / hz,
            "dirsync_jit": _jit_ticks(dirsync_pid) / hz if dirsync_pid else 0.0}


def _jit_ticks(pid):
    """CPU of the JVM's JIT compiler threads (C1, C2): large in a JVM's first minutes whatever the workload, so a
    short run reports the JVM's CPU per request with and without it."""
    ticks = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                if "CompilerThre" not in f.read():
                    continue
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return ticks


def wait_healthy(client, proc, log, path="/actuator/health", token=""):
    deadline = time.monotonic() + 600  # a start takes 5 s on a quiet machine, minutes on a crowded one
    while time.monotonic() < deadline:
        try:
            if client.call("GET", path, token)[0] == 200:
                return
        except OSError:
            pass
        if proc.poll() is not None:
            sys.exit(f"{proc.args[0]} exited; see {log}")
        time.sleep(0.25)
    sys.exit(f"{proc.args} did not start; see {log}")


# The JVM flags and environment of the README's "Memory" section (the Dockerfile uses the same): a heap that starts
# small and stops at 192 MiB, the serial collector, and the C heap trimmed back (docs/benchmarks/memory.md).
JVM_FLAGS = ("-Xms128m", "-Xmx192m", "-Xmn64m", "-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000")
JVM_ENV = {"MALLOC_ARENA_MAX": "2"}
# what the soak and the access bench ran with before (with their own -Xms = -Xmx): kept so their figures compare
FIXED_HEAP_FLAGS = ("-XX:+UseParallelGC",)


def nmt_summary(pid):
    """Native Memory Tracking's summary (dirsync run with -XX:NativeMemoryTracking=summary): category -> committed MiB,
    with "Total"; None when the JVM does not track."""
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True,
                         timeout=60).stdout
    found = {m.group(1).strip(): int(m.group(2)) / 1024 for m in
             re.finditer(r"^-\s*([A-Za-z][A-Za-z ]*?)\s*\(reserved=\d+KB, committed=(\d+)KB\)", out, re.M)}
    total = re.search(r"^Total: reserved=\d+KB, committed=(\d+)KB", out, re.M)
    if total:
        found["Total"] = int(total.group(1)) / 1024
    return found or None


class Dirsync:
    """The built jar on the throw-away PostgreSQL, as production runs it (SPRING_PROFILES_ACTIVE=postgres), with the
    README's JVM flags unless `jvm_flags` replaces them; `heap` sets -Xms and -Xmx both."""

    def __init__(self, pg, heap=None, jfr=None, jvm_args=(), jar=None, jvm_flags=None, jvm_env=None):
        self.jar = jar or os.path.join(ROOT, "app", "target", "dirsync.jar")
        if not os.path.exists(self.jar):
            sys.exit("build first: ./mvnw -B -DskipTests package")
        self.port = lib.free_port()
        self.dir = tempfile.mkdtemp(prefix="dirsync-bench-app-")
        self.log = os.path.join(self.dir, "dirsync.log")
        # a copy: a build running meanwhile may rewrite app/target/dirsync.jar
        self.jar = shutil.copy(self.jar, os.path.join(self.dir, "dirsync.jar"))
        env = dict(os.environ, SERVER_PORT=str(self.port), DIRSYNC_ADMIN_TOKEN=lib.ADMIN, DIRSYNC_DATA_DIR=self.dir,
                   SPRING_PROFILES_ACTIVE="postgres", SPRING_DATASOURCE_URL=pg.url(),
                   SPRING_DATASOURCE_USERNAME="postgres", SPRING_DATASOURCE_PASSWORD="",
                   # the per-connection rate limit (1,000/s by default) would answer 429 to the filter load: capacity is measured here
                   DIRSYNC_SCIM_RATELIMIT_ENABLED="false")
        env.update(JVM_ENV if jvm_env is None else jvm_env)
        cmd = ["java", *(JVM_FLAGS if jvm_flags is None else jvm_flags)]
        if heap:
            cmd += [f"-Xms{heap}", f"-Xmx{heap}"]
        if jfr:
            cmd.append(f"-XX:StartFlightRecording=filename={jfr},settings=profile")
        cmd += [*jvm_args, "-jar", self.jar]
        self.proc = subprocess.Popen(cmd, env=env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT, cwd=self.dir)
        self.client = lib.Client(self.port)
        self.origin = f"http://127.0.0.1:{self.port}"
        try:
            wait_healthy(self.client, self.proc, self.log)
        except BaseException:
            self.proc.kill()
            raise

    def admin(self, method, path, body=None):
        status, _, answer = self.client.call(method, path, lib.ADMIN, body)
        if status >= 300:
            raise SystemExit(f"{method} {path} answered {status}: {answer}")
        return answer

    def stop(self, keep_log_to=None):
        self.proc.terminate()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if keep_log_to:
            shutil.copy(self.log, keep_log_to)
        shutil.rmtree(self.dir, ignore_errors=True)


class ScimmyServer:
    """bench/scimmy-server: SCIMMY (an open-source SCIM library) on express, in memory."""
    TOKEN = "bench-scimmy-token"

    def __init__(self):
        self.dir = os.path.join(BENCH, "scimmy-server")
        if not os.path.isdir(os.path.join(self.dir, "node_modules")):
            subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=self.dir, check=True)
        self.port = lib.free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-scimmy-", suffix=".log", delete=False).name
        env = dict(os.environ, PORT=str(self.port), TOKEN=self.TOKEN)
        self.proc = subprocess.Popen(["node", "server.js"], cwd=self.dir, env=env, stdout=open(self.log, "w"),
                                     stderr=subprocess.STDOUT)
        self.client = lib.Client(self.port)
        self.origin = f"http://127.0.0.1:{self.port}"
        wait_healthy(self.client, self.proc, self.log, "/scim/v2/ServiceProviderConfig", self.TOKEN)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def wrk(url, script, args, connections, seconds, timeout="10s"):
    """Runs wrk (C, epoll: not the bottleneck at these rates; see the client-ceiling figure) and returns the
    JSON line the bench/wrk scripts print: requests/s, p50/p90/p99 in microseconds, unexpected answers."""
    threads = 1 if connections == 1 else 2
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", timeout,
           "-s", os.path.join(BENCH, "wrk", script), url, "--", *[str(a) for a in args]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line[len("BENCH_JSON "):])
            result["connections"] = connections
            result["client_cpu_ms"] = client_cpu * 1000 / max(1, result["requests"])
            return result
    raise SystemExit(f"wrk gave no result: {out.stdout}\n{out.stderr}")


def client_ceiling(seconds):
    """What wrk and a trivial HTTP server do together on this machine: an upper bound for any figure here."""
    port = lib.free_port()
    server = subprocess.Popen(["node", "-e", "require('http').createServer((q, s) => { q.resume(); q.on('end', () => {"
                               " s.writeHead(201, {'Content-Type': 'application/json'}); s.end('{}'); }); })"
                               f".listen({port}, '127.0.0.1')"])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        return wrk(f"http://127.0.0.1:{port}", "create_users.lua", ["/Users", "x", "ceiling", 0], 16, seconds)
    finally:
        server.terminate()
        server.wait(10)
