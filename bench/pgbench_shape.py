"""pgbench with the statements of one SCIM user create, on the same PostgreSQL as dirsync.

One POST /Users does, in this order (seen in PostgreSQL's log with log_statement=all; the code path is
ScimAuthenticationFilter, UserProvisioning, JdbcUserRegistry, the event store and ScimUserProjection; the
policy and horizon statements were added on 2026-12-07 from the harness's statements per create, in an order
read from the code, not from the log):
  outside the transaction: the connection's token digests and sync flag (1 SELECT, a join; the token's last use
  is written at most once a minute, so not per create);
  one transaction: 2 SELECTs on user_registration (userName taken? a deleted user to bring back?), the
  connection's policy for unknown attributes (SELECT), INSERT user_registration, INSERT user_data_key (the key
  that seals the profile, created where the user id is chosen, without a look-up), the transaction's id for the
  commit horizon (SELECT pg_current_xact_id()), INSERT domain_event_entry, INSERT scim_user (with its search columns),
  2 INSERT scim_user_email (one batch), COMMIT (the user has no attribute beyond those with columns
  and emails, so no scim_user_attribute_value batch).
The script below runs exactly these, with the byte-for-byte payload, metadata and profile of a user dirsync
stored, in a database holding a copy of dirsync's schema (same tables, indexes and constraints), so that the
rows pgbench writes are not events that dirsync's projections would then process.
"""
import json, os, re

import services

DB = "pgbench_shape"


def literal(value):
    """An SQL literal pgbench leaves alone: it would take any ':word' inside a quoted JSON text for a variable."""
    if value is None:
        return "NULL"
    return "E'" + str(value).replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\x3a") + "'"


def build(pg, connection_id):
    schema = pg._run("pg_dump", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "--schema-only", "dirsync",
                     capture_output=True, text=True).stdout
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg._run("psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", DB, input=schema,
            text=True, capture_output=True)
    q = lambda sql: pg.query(sql)  # noqa: E731
    conn = f"'{connection_id}'"
    for table in ("connection_credential", "connection_token", "catalog_connection", "connection_unknown_attributes"):
        for values, columns in (line.split("|") for line in q(
                f"SELECT string_agg(quote_nullable(value), ',') || '|' || string_agg(key, ',') FROM {table} t,"
                f" LATERAL json_each_text(row_to_json(t)) WHERE connection_id = {conn} GROUP BY t.ctid").split("\n") if line):
            pg.psql(f"INSERT INTO {table} ({columns}) VALUES ({values})", db=DB)
    user = q(f"SELECT user_id FROM scim_user WHERE connection_id = {conn} AND user_name LIKE 'c16-%' LIMIT 1")
    e = json.loads(q("SELECT row_to_json(x) FROM (SELECT type, payload_type, payload_revision, payload::text AS payload,"
                     f" meta_data::text AS meta_data FROM domain_event_entry WHERE aggregate_identifier = '{user}'"
                     " AND sequence_number = 0) x"))
    event = [literal(e[c]) for c in ("type", "payload_type", "payload_revision", "payload", "meta_data")]
    data_key, wrapped = q(f"SELECT encode(key_bytes, 'hex') || '|' || wrapped::text FROM user_data_key WHERE user_id = '{user}'").split("|")
    scim_columns = ["user_name", "external_id", "display_name", "primary_email", "profile", "display_name_key",
                    "primary_email_key", "given_name_key", "family_name_key", "formatted_name_key", "employee_number_key",
                    "cost_center_key", "organization_key", "division_key", "department_key", "manager_key"]
    row = json.loads(q(f"SELECT row_to_json(u) FROM scim_user u WHERE user_id = '{user}'"))
    v = {c: literal(row[c]) for c in scim_columns}
    emails = [json.loads(line) for line in q(f"SELECT row_to_json(m) FROM scim_user_email m WHERE user_id = '{user}'"
                                              " ORDER BY primary_email DESC").split("\n")]
    key = "concat('pgb-', :client_id::int, '-', :n::bigint)"
    lines = [
        r"\set n random(1, 9000000000000000000)",
        "SELECT t.token_id, t.token_sha256, t.created_at, t.expires_at, t.last_used_at, c.sync_enabled FROM connection_token t"
        f" LEFT JOIN catalog_connection c ON c.connection_id = t.connection_id WHERE t.connection_id = {conn}"
        " ORDER BY t.created_at, t.token_id;",
        "BEGIN;",
        f"SELECT user_id, deleted FROM user_registration WHERE connection_id = {conn} AND user_name_key = {key};",
        f"SELECT user_id, deleted FROM user_registration WHERE connection_id = {conn} AND external_id = {key} AND deleted"
        " ORDER BY user_id;",
        f"SELECT policy FROM connection_unknown_attributes WHERE connection_id = {conn};",
        "INSERT INTO user_registration (user_id, connection_id, user_name_key, external_id, deleted)"
        f" VALUES ({key}, {conn}, {key}, {key}, FALSE);",
        f"INSERT INTO user_data_key (user_id, key_bytes, wrapped, created_at) VALUES ({key}, decode('{data_key}', 'hex'),"
        f" {wrapped.upper()}, now());",
        "SELECT pg_current_xact_id();",
        "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
        f" payload_type, payload_revision, payload, meta_data) VALUES (concat('e-', {key}), {key}, 0, {event[0]},"
        f" now()::text, {event[1]}, {event[2]}, {event[3]}::bytea, {event[4]}::bytea);",
        "INSERT INTO scim_user (user_id, connection_id, user_name, user_name_key, external_id, display_name,"
        " primary_email, profile, active, deleted, version, created_at, last_modified, " + ", ".join(scim_columns[5:]) + ")"
        f" VALUES ({key}, {conn}, {key}, {key}, {v['external_id']}, {v['display_name']}, {v['primary_email']},"
        f" {v['profile']}, TRUE, FALSE, 0, now(), now(), " + ", ".join(v[c] for c in scim_columns[5:]) + ");",
    ]
    for email in emails:
        lines.append("INSERT INTO scim_user_email (user_id, connection_id, value_key, email_value, type, primary_email)"
                     f" VALUES ({key}, {conn}, {literal(email['value_key'])}, {literal(email['email_value'])},"
                     f" {literal(email['type'])}, {str(email['primary_email']).upper()});")
    lines.append("COMMIT;")
    path = os.path.join(pg.dir, "scim_create.sql")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o644)
    return path


def run(pg, connection_id, clients, seconds):
    script = build(pg, connection_id)
    results = {"script": open(script).read()}
    for c in clients:
        before = services.cpu_seconds(None, pg.postmaster_pid())
        out = pg.pgbench("-n", "-M", "prepared", "-f", script, "-c", str(c), "-j", str(min(c, 2)), "-T", str(seconds), DB)
        tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
        latency = re.search(r"latency average = ([\d.]+) ms", out)
        failed = re.search(r"number of failed transactions: (\d+)", out)
        if not tps:
            raise SystemExit("pgbench gave no result:\n" + out)
        after = services.cpu_seconds(None, pg.postmaster_pid())
        done = int(re.search(r"number of transactions actually processed: (\d+)", out).group(1))
        results[c] = {"postgres_cpu_ms": (after["postgres"] - before["postgres"]) * 1000 / max(1, done), "tps": float(tps.group(1)), "latency_avg_ms": float(latency.group(1)) if latency else None,
                      "failed": int(failed.group(1)) if failed else 0}
    return results
