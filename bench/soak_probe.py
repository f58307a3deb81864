"""What the soak records every minute: the dirsync JVM's resident memory, heap after a full GC and threads (from /proc
and jcmd, no JMX), and PostgreSQL's connections (pg_stat_activity) and table sizes (pg_total_relation_size)."""
import re, subprocess, time

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


def heap_after_gc(pid, gc_log):
    """A full GC (jcmd GC.run): MiB of heap in use at its end, as the GC logged it (-Xlog:gc, so the traffic allocating
    meanwhile does not count), and MiB of Metaspace in use (GC.heap_info)."""
    before = len(_full_gcs(gc_log))
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True, timeout=120)
    for _ in range(100):
        full = _full_gcs(gc_log)
        if len(full) > before:
            break
        time.sleep(0.1)
    else:
        raise RuntimeError(f"no GC.run pause in {gc_log}")
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, check=True, timeout=60).stdout
    metaspace = re.search(r"Metaspace\s+used (\d+)K", info)
    return full[-1], int(metaspace.group(1)) / 1024 if metaspace else None


def _full_gcs(gc_log):
    """Heap after each pause jcmd GC.run caused, as logged: `Pause Full (Diagnostic Command) 42M->37M(1006M) 2051.5ms`."""
    with open(gc_log, errors="replace") as f:
        return [int(m.group(1)) for m in re.finditer(r"Pause Full \(Diagnostic Command\) \d+M->(\d+)M", f.read())]


def histogram(pid):
    """Live objects by class (jcmd GC.class_histogram, itself after a full GC): class -> (instances, bytes)."""
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True, check=True, timeout=300).stdout
    classes = {}
    for line in out.splitlines():
        row = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(.+)$", line)
        if row:
            classes[row.group(3).strip()] = (int(row.group(1)), int(row.group(2)))
    return classes


def growth(before, after, top=15):
    """The classes whose live bytes grew most between two histograms: (class, instances added, MiB added)."""
    rows = [(name, count - before.get(name, (0, 0))[0], (size - before.get(name, (0, 0))[1]) / MIB)
            for name, (count, size) in after.items()]
    return sorted(rows, key=lambda row: -row[2])[:top]


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


def sample(pid, gc_log, pg):
    rss, live_threads = rss_mib(pid), threads(pid)  # before the GC that the heap figure needs
    heap, metaspace = heap_after_gc(pid, gc_log)
    total, active = connections(pg)
    sizes = table_sizes(pg)
    return {"rss_mib": rss, "heap_mib": heap, "metaspace_mib": metaspace, "threads": live_threads,
            "connections": total, "active_connections": active,
            "events": int(pg.query("SELECT count(*) FROM domain_event_entry")),
            "pending_deliveries": int(pg.query("SELECT count(*) FROM webhook_delivery WHERE status = 'pending'")),
            "database_mib": sizes.get("(database)", 0.0), "sizes": grouped(sizes), "all_sizes": sizes}
