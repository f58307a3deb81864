#!/usr/bin/env python3
"""The access review's changes query on PostgreSQL with and without its metadata-changed branch (issue 24), at the
scale of access_bench.py, without the service: the cost the branch adds to the database's part of the export.

    python3 bench/changes_sql_bench.py --users 100000 --runs 7

A throw-away PostgreSQL (pgcluster.py) with the interval tables of V87, V88 and V89, filled with a history shaped as
access_bench.py's (every user provisioned with an empty publicMetadata, a role each, a third of them re-mapped, a
membership each, --deactivate deactivated), then the same history plus one attribute-mapping change that gives every
user a value (100,000 metadata-changed rows). The query text mirrors AccessReviewQueries.changes; each run streams the
whole answer through COPY to nothing, inside a transaction with the export's settings, the two queries alternating.
"""
import argparse, os, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgcluster  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIGRATIONS = os.path.join(ROOT, "query-side", "src", "main", "resources", "db", "migration")


def user_at(user_id, position):
    return (f" LEFT JOIN access_user_interval x ON x.user_id = {user_id} AND x.from_position <= {position}"
            f" AND (x.to_position IS NULL OR x.to_position > {position})")


def group_at(group_id, position):
    return (f" LEFT JOIN access_group_interval g ON g.group_id = {group_id} AND g.from_position <= {position}"
            f" AND (g.to_position IS NULL OR g.to_position >= {position})")


def changes_sql(with_metadata, connection, start, end):
    window = lambda at, position: f" > {start} AND {at} <= {end} AND {position} > 0"  # noqa: E731
    extra = lambda values: ", " + values if with_metadata else ""  # noqa: E731
    sql = ("SELECT c.at, c.position, c.kind, c.user_id, c.user_name, c.group_id, c.group_name, c.old_role,"
           " c.new_role, c.role_source, c.mapped_group_id, c.mapped_group_name, c.aggregate_id,"
           " c.sequence_number, c.event_type" + extra("c.old_metadata, c.new_metadata") + " FROM ("
           "SELECT u.valid_from AS at, u.from_position AS position, u.change_kind AS kind, u.user_id,"
           " u.user_name, CAST(NULL AS VARCHAR(64)) AS group_id, CAST(NULL AS VARCHAR(2048)) AS group_name,"
           " CAST(NULL AS VARCHAR(255)) AS old_role, CAST(NULL AS VARCHAR(255)) AS new_role,"
           " CAST(NULL AS VARCHAR(16)) AS role_source, CAST(NULL AS VARCHAR(64)) AS mapped_group_id,"
           " CAST(NULL AS VARCHAR(2048)) AS mapped_group_name, u.from_aggregate AS aggregate_id,"
           " u.from_sequence AS sequence_number, u.from_type AS event_type"
           + extra("CAST(NULL AS VARCHAR) AS old_metadata, CAST(NULL AS VARCHAR) AS new_metadata")
           + " FROM access_user_interval u"
           f" WHERE u.connection_id = {connection} AND u.change_kind <> 'updated'"
           " AND u.valid_from" + window("u.valid_from", "u.from_position")
           + " UNION ALL SELECT r.valid_from, r.from_position, 'role-changed', r.user_id, x.user_name, NULL,"
           " NULL, r.previous_role, r.role_key, r.role_source, r.mapped_group_id, g.display_name,"
           " r.from_aggregate, r.from_sequence, r.from_type" + extra("NULL, NULL") + " FROM access_role_interval r"
           + user_at("r.user_id", "r.from_position") + group_at("r.mapped_group_id", "r.from_position")
           + f" WHERE r.connection_id = {connection} AND r.valid_from" + window("r.valid_from", "r.from_position")
           + " UNION ALL SELECT m.valid_from, m.from_position, 'joined', m.user_id, x.user_name, m.group_id,"
           " g.display_name, NULL, NULL, NULL, NULL, NULL, m.from_aggregate, m.from_sequence, m.from_type"
           + extra("NULL, NULL") + " FROM access_membership_interval m"
           + user_at("m.user_id", "m.from_position") + group_at("m.group_id", "m.from_position")
           + f" WHERE m.connection_id = {connection} AND m.valid_from" + window("m.valid_from", "m.from_position")
           + " UNION ALL SELECT m.valid_to, m.to_position, 'left', m.user_id, x.user_name, m.group_id,"
           " g.display_name, NULL, NULL, NULL, NULL, NULL, m.to_aggregate, m.to_sequence, m.to_type"
           + extra("NULL, NULL") + " FROM access_membership_interval m"
           + user_at("m.user_id", "m.to_position") + group_at("m.group_id", "m.to_position")
           + f" WHERE m.connection_id = {connection} AND m.valid_to" + window("m.valid_to", "m.to_position"))
    if with_metadata:
        sql += (" UNION ALL SELECT p.valid_from, p.from_position, 'metadata-changed', p.user_id, x.user_name,"
                " NULL, NULL, NULL, NULL, NULL, NULL, NULL, p.from_aggregate, p.from_sequence, p.from_type,"
                " o.metadata, p.metadata FROM access_metadata_interval p"
                " LEFT JOIN access_metadata_interval o ON o.user_id = p.user_id AND o.to_position = p.from_position"
                + user_at("p.user_id", "p.from_position")
                + f" WHERE p.connection_id = {connection} AND p.valid_from"
                + window("p.valid_from", "p.from_position")
                + " AND p.metadata IS NOT NULL AND (p.from_type <> 'UserProvisionedEvent' OR p.metadata <> '{}')")
    return sql + ") c ORDER BY c.position, c.user_id, c.group_id"


def fill(pg, users, deactivate):
    """A history shaped as access_bench.py's: positions are global indexes, a millisecond apart from 2026-01-01."""
    t = lambda position: f"TIMESTAMPTZ '2026-01-01 00:00:00+00' + ({position}) * INTERVAL '1 millisecond'"  # noqa
    n = users
    pg.query(f"""
        INSERT INTO access_user_interval (user_id, from_position, connection_id, change_kind, status, deleted, erased,
            user_name, email, given_name, family_name, valid_from, valid_to, from_aggregate, from_sequence, from_type,
            to_position)
        SELECT 'u' || i, i, 'c1', 'provisioned', 'Active', false, false, 'user' || i || '@example.com',
            'user' || i || '@example.com', 'Given', 'Family', {t('i')},
            CASE WHEN i <= {deactivate} THEN {t(f'{5 * n} + i')} END, 'u' || i, 0, 'UserProvisionedEvent',
            CASE WHEN i <= {deactivate} THEN {5 * n} + i END
        FROM generate_series(1, {n}) i;
        INSERT INTO access_user_interval (user_id, from_position, connection_id, change_kind, status, deleted, erased,
            user_name, email, given_name, family_name, valid_from, from_aggregate, from_sequence, from_type)
        SELECT 'u' || i, {5 * n} + i, 'c1', 'deactivated', 'Deactivated', false, false, 'user' || i || '@example.com',
            'user' || i || '@example.com', 'Given', 'Family', {t(f'{5 * n} + i')}, 'u' || i, 1, 'UserDeactivatedEvent'
        FROM generate_series(1, {deactivate}) i;
        INSERT INTO access_group_interval (group_id, from_position, connection_id, display_name, valid_from,
            from_aggregate, from_sequence, from_type)
        SELECT 'g' || k, {2 * n} + k, 'c1', 'Group ' || k, {t(f'{2 * n} + k')}, 'g' || k, 0, 'GroupCreatedEvent'
        FROM generate_series(1, 4) k;
        INSERT INTO access_membership_interval (group_id, user_id, from_position, connection_id, valid_from,
            from_aggregate, from_sequence, from_type)
        SELECT 'g' || (1 + i % 4), 'u' || i, {3 * n} + i, 'c1', {t(f'{3 * n} + i')}, 'g' || (1 + i % 4), 1 + i / 4,
            'GroupMembersAddedEvent'
        FROM generate_series(1, {n}) i;
        INSERT INTO access_role_interval (user_id, from_position, connection_id, organization_id, role_key,
            role_source, mapped_group_id, valid_from, valid_to, from_aggregate, from_sequence, from_type, to_position)
        SELECT 'u' || i, {n} + i, 'c1', 'o1', 'member', 'DEFAULT', NULL, {t(f'{n} + i')},
            CASE WHEN i % 2 = 0 THEN {t(f'{4 * n} + i')} END, 'membership:u' || i, 0, 'MemberRoleChangedEvent',
            CASE WHEN i % 2 = 0 THEN {4 * n} + i END
        FROM generate_series(1, {n}) i;
        INSERT INTO access_role_interval (user_id, from_position, connection_id, organization_id, role_key,
            role_source, mapped_group_id, previous_role, previous_source, valid_from, from_aggregate, from_sequence,
            from_type)
        SELECT 'u' || i, {4 * n} + i, 'c1', 'o1', CASE WHEN i % 4 = 0 THEN 'admin' ELSE 'viewer' END, 'MAPPING',
            'g' || (1 + i % 4), 'member', 'DEFAULT', {t(f'{4 * n} + i')}, 'membership:u' || i, 1,
            'MemberRoleChangedEvent'
        FROM generate_series(2, {n}, 2) i;
        INSERT INTO access_metadata_interval (user_id, from_position, connection_id, metadata, valid_from,
            from_aggregate, from_sequence, from_type)
        SELECT 'u' || i, i, 'c1', '{{}}', {t('i')}, 'u' || i, 0, 'UserProvisionedEvent'
        FROM generate_series(1, {n}) i;
        ANALYZE;""")


def remap(pg, users):
    """One attribute-mapping change at the end gives every user a value: it closes each user's interval."""
    at = 7 * users
    pg.query(f"""
        UPDATE access_metadata_interval SET valid_to = TIMESTAMPTZ '2026-01-01 00:00:00+00'
            + {at} * INTERVAL '1 millisecond', to_position = {at};
        INSERT INTO access_metadata_interval (user_id, from_position, connection_id, metadata, valid_from,
            from_aggregate, from_sequence, from_type)
        SELECT 'u' || i, {at}, 'c1', '{{"login":"user' || i || '@example.com"}}',
            TIMESTAMPTZ '2026-01-01 00:00:00+00' + {at} * INTERVAL '1 millisecond', 'c1', 5,
            'AttributeMappingsReplacedEvent'
        FROM generate_series(1, {users}) i;
        ANALYZE;""")


def timed(pg, sql):
    script = ("BEGIN; SET LOCAL jit = off; SET LOCAL work_mem = '64MB';\n"
              f"COPY ({sql}) TO STDOUT;\nCOMMIT;\n")
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
           "-d", "dirsync"]
    cmd = [os.path.join(pg.bin, cmd[0]), *cmd[1:]]
    if pg.user:
        cmd = ["runuser", "-u", pg.user, "--", *cmd]
    start = time.perf_counter()
    result = subprocess.run(cmd, input=script, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, result.stdout.count("\n")


def explain_branch(pg, label):
    """The metadata branch alone, as PostgreSQL runs it: its plan and its own time."""
    sql = changes_sql(True, "'c1'", "TIMESTAMPTZ '2025-12-31 00:00:00+00'", "TIMESTAMPTZ '2026-03-31 23:59:59+00'")
    branch = sql[sql.index(" UNION ALL SELECT p.valid_from") + len(" UNION ALL "):sql.rindex(") c ORDER BY")]
    plan = pg.query(f"SET jit = off; EXPLAIN (ANALYZE, COSTS OFF) {branch}")
    print(f"\nThe metadata branch alone, {label}:\n\n```\n{plan}\n```\n", flush=True)


def compare(pg, runs, label):
    start = "TIMESTAMPTZ '2025-12-31 00:00:00+00'"
    end = "TIMESTAMPTZ '2026-03-31 23:59:59+00'"
    queries = {"without": changes_sql(False, "'c1'", start, end), "with": changes_sql(True, "'c1'", start, end)}
    for sql in queries.values():
        timed(pg, sql)  # warm the cache
    times = {name: [] for name in queries}
    rows = {}
    for _ in range(runs):
        for name, sql in queries.items():
            seconds, count = timed(pg, sql)
            times[name].append(round(seconds, 3))
            rows[name] = count
    load = os.getloadavg()
    for name in queries:
        print(f"| {label} | {name} the metadata branch | {statistics.median(times[name]):.3f} | "
              f"{', '.join(map(str, times[name]))} | {rows[name]:,} | {load[0]:.1f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--deactivate", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--port", type=int, default=55439)
    parser.add_argument("--explain", action="store_true", help="also print the metadata branch's plan")
    args = parser.parse_args()
    pg = pgcluster.PgCluster(args.port).start()
    try:
        for version in ("V87", "V88", "V89"):
            [migration] = [f for f in os.listdir(MIGRATIONS) if f.startswith(version + "__")]
            with open(os.path.join(MIGRATIONS, migration)) as f:
                pg.query(f.read())
        fill(pg, args.users, args.deactivate)
        print("| history | query | median s | runs s | rows | load (1 min) |")
        print("|---|---|---|---|---|---|")
        compare(pg, args.runs, "access_bench.py's shape (no mapped values)")
        if args.explain:
            explain_branch(pg, "in access_bench.py's shape")
        remap(pg, args.users)
        compare(pg, args.runs, "plus a mapping change giving every user a value")
        if args.explain:
            explain_branch(pg, "after the mapping change")
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
