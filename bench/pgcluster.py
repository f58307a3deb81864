"""A throw-away PostgreSQL cluster for the benchmarks: initdb into a temp dir, pg_ctl on a free loopback port.

Durable settings (fsync and synchronous_commit stay on): the figures are for a service that keeps what it
answered. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
"""
import glob, os, pwd, shutil, subprocess, tempfile, time


def _bin_dir():
    for pattern in ("/usr/lib/postgresql/*/bin",):
        found = sorted(glob.glob(pattern))
        if found:
            return found[-1]
    if shutil.which("initdb"):
        return os.path.dirname(os.path.realpath(shutil.which("initdb")))
    raise SystemExit("PostgreSQL server binaries not found: apt-get install -y postgresql postgresql-contrib")


class PgCluster:
    def __init__(self, port, log_statements=False):
        self.port = port
        self.bin = _bin_dir()
        self.dir = tempfile.mkdtemp(prefix="dirsync-bench-pg-")
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "postgres.log")
        self.log_statements = log_statements
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)

    def _run(self, *args, check=True, **kw):
        cmd = [os.path.join(self.bin, args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=check, cwd=self.dir, **kw)

    def start(self):
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                  stdout=subprocess.DEVNULL)
        settings = {
            "listen_addresses": "'127.0.0.1'", "port": self.port, "unix_socket_directories": f"'{self.dir}'",
            "max_connections": 300, "shared_buffers": "'1GB'", "effective_cache_size": "'4GB'",
            "work_mem": "'16MB'", "maintenance_work_mem": "'256MB'", "max_wal_size": "'4GB'",
            "checkpoint_timeout": "'15min'", "wal_buffers": "'16MB'",
            "shared_preload_libraries": "'pg_stat_statements'", "pg_stat_statements.track": "all",
            "track_commit_timestamp": "on", "fsync": "on", "synchronous_commit": "on",
            "log_statement": "'all'" if self.log_statements else "'none'",
        }
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            for key, value in settings.items():
                f.write(f"{key} = {value}\n")
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "start", stdout=subprocess.DEVNULL)
        self.psql("CREATE DATABASE dirsync")
        self.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db="dirsync")
        return self

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            return int(f.readline())

    def url(self, db="dirsync"):
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{db}"

    def psql(self, sql, db="postgres", capture=False):
        result = self._run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
                           "-U", "postgres", "-d", db, "-At", "-c", sql, capture_output=capture, text=True)
        return result.stdout.strip() if capture else None

    def query(self, sql, db="dirsync"):
        return self.psql(sql, db=db, capture=True)

    def pgbench(self, *args):
        result = self._run("pgbench", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args,
                           check=False, capture_output=True, text=True)
        return result.stdout + result.stderr

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False,
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
