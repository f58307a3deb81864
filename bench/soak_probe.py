"""What the soak records every minute: the dirsync JVM's resident memory, heap after a full GC and threads (from /proc
and jcmd, no JMX), and PostgreSQL's connections (pg_stat_activity) and table sizes (pg_total_relation_size)."""
import re, subprocess

MIB = 1024 * 1024
# The tables the report follows minute by minute, in groups (a column each); the end of the report lists every table.
TABLE_GROUPS = {
    "events": ("domain_event_entry",),
    "snapshots": ("snapshot_event_entry",),
    "tokens": ("token_entry",),
    "scim users": ("scim_user", "scim_user_email", "scim_user_attribute_value"),
    "scim groups": ("scim_group", "scim_group_member"),
    "directory users": ("directory_user",),
    "event log": ("event_log", "event_log_subject"),
    "org members": ("org_member", "org_member_name", "rm_user", "rm_membership", "rm_assignment"),
    "webhook outbox": ("webhook_delivery",),
}


def _status_field(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def rss_mib(pid):
    return _status_field(pid, "VmRSS") / 1024  # kB


def threads(pid):
    return _status_field(pid, "Threads")


def heap_after_gc(pid):
    """A full GC (jcmd GC.run), then GC.heap_info: MiB used in the heap and in Metaspace."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True, timeout=120)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, check=True, timeout=60).stdout
    heap = metaspace = 0.0
    for line in info.splitlines():
        used = re.search(r"used (\d+)K", line)
        if not used:
            continue
        name = line.strip()
        if name.startswith("Metaspace"):
            metaspace = int(used.group(1)) / 1024
        elif not name.startswith("class space"):
            heap += int(used.group(1)) / 1024  # young and old generations (or G1's whole heap)
    return heap, metaspace


def connections(pg):
    """dirsync's connections to its database: total and active (psql's own excluded)."""
    rows = pg.query("SELECT state, count(*) FROM pg_stat_activity WHERE datname = 'dirsync'"
                    " AND application_name <> 'psql' AND pid <> pg_backend_pid() GROUP BY state")
    by_state = {line.split("|")[0] or "?": int(line.split("|")[1]) for line in rows.splitlines() if line}
    return sum(by_state.values()), by_state.get("active", 0)


def connections_by_application(pg):
    return pg.query("SELECT who || ': ' || count(*) FROM (SELECT coalesce(nullif(application_name, ''), '(none)') || ' as '"
                    " || usename AS who FROM pg_stat_activity WHERE datname = 'dirsync' AND pid <> pg_backend_pid()) a"
                    " GROUP BY who ORDER BY who").replace("\n", "; ")


def table_sizes(pg):
    """MiB per table of the public schema (with its indexes and TOAST), and the database's total."""
    rows = pg.query("SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND c.relkind = 'r' UNION ALL"
                    " SELECT '(database)', pg_database_size('dirsync')")
    return {line.split("|")[0]: int(line.split("|")[1]) / MIB for line in rows.splitlines() if line}


def grouped(sizes):
    return {group: sum(sizes.get(t, 0.0) for t in tables) for group, tables in TABLE_GROUPS.items()}


def sample(pid, pg):
    rss, live_threads = rss_mib(pid), threads(pid)  # before the GC that the heap figure needs
    heap, metaspace = heap_after_gc(pid)
    total, active = connections(pg)
    sizes = table_sizes(pg)
    return {"rss_mib": rss, "heap_mib": heap, "metaspace_mib": metaspace, "threads": live_threads,
            "connections": total, "active_connections": active,
            "events": int(pg.query("SELECT count(*) FROM domain_event_entry")),
            "database_mib": sizes.get("(database)", 0.0), "sizes": grouped(sizes), "all_sizes": sizes}
