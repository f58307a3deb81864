"""The soak's last check: every read model equals a fold over the events.

Once the traffic has stopped and the projections have settled, every row of every read model and what the admin API and
SCIM serve are kept; then the read models kept in the command's transaction are emptied and rebuilt from the events
(POST /api/projections/{name}/replay, aggregate by aggregate), after them every streaming projection is replayed from
the first event, and rows and answers must come back identical, with no event added (ReplayContractTests proves the
same on small stores in ./mvnw verify). GET /api/audit/verify must find the hash chain intact."""
import json, time

# The in-transaction read models and their tables (as app/src/test/.../ReadModelTables.java lists them).
IN_TRANSACTION = {
    "scim-users": ("scim_user", "scim_user_email", "scim_user_attribute_value"),
    "scim-groups": ("scim_group", "scim_group_member"),
    "role-mappings": ("connection_role_mapping_head", "connection_role_mapping"),
    "attribute-mappings": ("connection_attribute_mapping_head", "connection_attribute_mapping"),
    "sessions": ("user_session_head", "user_session"),
    "connection-credentials": ("connection_credential", "connection_token"),
    "user-registry": ("user_registration",),
}
# Columns that are not a fold over the events, left out of the comparison: a token's last use is not an event.
NOT_FOLDED = {"connection_token": ("last_used_at",)}
# The streaming projections' tables (as ReplayContractTests.TABLES lists them); their replays clear them first.
STREAMING = ("directory_user", "event_log", "event_log_subject", "org_member", "org_member_name", "rm_organization", "rm_role",
             "rm_connection", "rm_mapping", "rm_user", "rm_membership", "rm_assignment", "user_public_metadata",
             "public_metadata_mapping", "connection_overview", "organization_overview", "organization_overview_role",
             "access_user_interval", "access_role_interval", "access_group_interval", "access_membership_interval",
             "access_metadata_interval")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class FoldCheck:
    def __init__(self, app, pg, connection_id, organization_id, scim_base, token, timeout):
        self.app, self.pg, self.timeout = app, pg, timeout
        self.connection_id, self.organization_id, self.scim_base, self.token = connection_id, organization_id, scim_base, token
        self.failures, self.tables = [], {}

    def run(self):
        """Returns {"failures": [...], "tables": {table: rows}, "models": [...], "audit": {...}, ...}."""
        self.settle()
        audit = self.app.admin("GET", "/api/audit/verify")
        if not audit.get("intact"):
            self.failures.append(f"audit verify: the hash chain is broken: {audit}")
        before_api = self.api_snapshot()
        events, deliveries = self.count("domain_event_entry"), self.count("webhook_delivery")
        processors = self.app.admin("GET", "/api/projections")
        rebuildable = [p["name"] for p in processors if p.get("rebuildable")]
        streaming = [p["name"] for p in processors if p.get("type") == "streaming"]
        unknown = [name for name in rebuildable if name not in IN_TRANSACTION]
        if unknown:
            self.failures.append(f"rebuildable read models whose tables this check does not know: {unknown}")
        in_transaction_tables = [t for name in rebuildable for t in IN_TRANSACTION.get(name, ())]
        tables = in_transaction_tables + list(STREAMING)
        self.keep(tables)

        log(f"emptying and rebuilding {', '.join(rebuildable)}")
        self.pg.query("BEGIN; " + "; ".join(f"DELETE FROM {t}" for t in in_transaction_tables) + "; COMMIT")
        took = {"rebuild": self.replay(rebuildable)}
        log(f"replaying {', '.join(streaming)}")
        took["replay"] = self.replay(streaming)
        self.settle()

        for table in tables:
            self.tables[table] = self.compare(table)
        after_api = self.api_snapshot()
        for view, answer in before_api.items():
            if after_api[view] != answer:
                before, after = _as_set(answer), _as_set(after_api[view])
                self.failures.append(f"{view}: the API answers differently after the rebuild and replays ({len(before - after)}"
                                     f" entries gone, {len(after - before)} new)")
        if self.count("domain_event_entry") != events:
            self.failures.append(f"events: {events} before the rebuilds, {self.count('domain_event_entry')} after")
        if self.count("webhook_delivery") != deliveries:
            self.failures.append(f"webhook_delivery: {deliveries} rows before the outbox replay, {self.count('webhook_delivery')} after")
        self.pg.query("DROP SCHEMA soak_before CASCADE")
        return {"failures": self.failures, "tables": self.tables, "rebuilt": rebuildable, "replayed": streaming,
                "audit": audit, "events": events, "api_views": {k: len(v) for k, v in before_api.items()}, "seconds": took}

    def count(self, table):
        return int(self.pg.query(f"SELECT count(*) FROM {table}"))

    def settle(self):
        """Every streaming processor caught up, no role left to re-resolve and every event in the log, three polls in a
        row (a transaction that took its index earlier but committed later leaves a gap filled a little after)."""
        deadline, quiet = time.monotonic() + self.timeout, 0
        while time.monotonic() < deadline:
            processors = self.app.admin("GET", "/api/projections")
            settled = self.count("rm_dirty") == 0 and self.count("event_log") == self.count("domain_event_entry") and all(
                p.get("caughtUp") and not p.get("replaying") and (p.get("lag") or 0) == 0
                for p in processors if p.get("type") == "streaming")
            quiet = quiet + 1 if settled else 0
            if quiet == 3:
                return
            time.sleep(0.5)
        raise SystemExit(f"the projections did not settle within {self.timeout} s")

    def replay(self, names):
        start = time.monotonic()
        for name in names:
            self.app.admin("POST", f"/api/projections/{name}/replay")
        deadline = start + self.timeout
        while time.monotonic() < deadline:
            views = {p["name"]: p for p in self.app.admin("GET", "/api/projections") if p["name"] in names}
            states = {name: (view.get("lastReplay") or {}).get("state") for name, view in views.items()}
            if all(state not in ("running", "stopping") and not views[name].get("replaying") for name, state in states.items()):
                for name, view in views.items():
                    if states[name] != "done":
                        self.failures.append(f"{name}: the replay ended {states[name]}: {view.get('lastReplay')}")
                return time.monotonic() - start
            time.sleep(0.5)
        self.failures.append(f"{names}: not replayed within {self.timeout} s")
        return time.monotonic() - start

    def keep(self, tables):
        self.pg.query("DROP SCHEMA IF EXISTS soak_before CASCADE; CREATE SCHEMA soak_before; "
                      + "; ".join(f"CREATE TABLE soak_before.{t} AS {self.folded('public', t)}" for t in tables))

    def folded(self, schema, table):
        """The query for the table's rows without the columns NOT_FOLDED names."""
        left_out = NOT_FOLDED.get(table)
        if not left_out:
            return f"TABLE {schema}.{table}"
        columns = self.pg.query("SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns"
                                f" WHERE table_schema = 'public' AND table_name = '{table}'"
                                f" AND column_name NOT IN ({', '.join(repr(c) for c in left_out)})")
        return f"SELECT {columns} FROM {schema}.{table}"

    def compare(self, table):
        """Rows (every folded column) only before and only after, as multisets."""
        def only(a, b):
            return int(self.pg.query(f"SELECT count(*) FROM ({self.folded(a, table)} EXCEPT ALL {self.folded(b, table)}) d"))
        result = {"rows": self.count(f"soak_before.{table}"), "lost": only("soak_before", "public"),
                  "extra": only("public", "soak_before")}
        for side, (a, b) in (("lost", ("soak_before", "public")), ("extra", ("public", "soak_before"))):
            if result[side]:
                rows = self.pg.query(f"SELECT left(d::text, 300) FROM ({self.folded(a, table)} EXCEPT ALL {self.folded(b, table)}) d"
                                     " LIMIT 2")
                self.failures.append(f"{table}: {result[side]} rows {'lost' if side == 'lost' else 'added'} by the fold over the"
                                     f" events, e.g. {rows.replace(chr(10), ' | ')}")
        return result

    def api_snapshot(self):
        """What an admin and an IdP read: SCIM users and groups, directory users (all pages), organization members,
        role and attribute mappings."""
        connection = f"/api/connections/{self.connection_id}"
        return {"SCIM /Users": self.pages(self.scim_base + "/Users", self.token),
                "SCIM /Groups": self.pages(self.scim_base + "/Groups", self.token),
                "directory-users": self.pages(connection + "/directory-users"),
                "organization members": sorted(self.app.admin("GET", f"/api/organizations/{self.organization_id}/members"),
                                               key=lambda m: m.get("userId", "")),
                "role-mappings": self.app.admin("GET", connection + "/role-mappings"),
                "attribute-mappings": self.app.admin("GET", connection + "/attribute-mappings")}

    def pages(self, path, token=None):
        """Every page of a list; with a SCIM token, else with the admin token."""
        out, start = [], 1
        while True:
            sep = "&" if "?" in path else "?"
            if token:
                status, _, page = self.app.client.call("GET", f"{path}{sep}startIndex={start}&count=1000", token)
                if status != 200:
                    raise SystemExit(f"GET {path} answered {status}: {page}")
            else:
                page = self.app.admin("GET", f"{path}{sep}startIndex={start}&count=1000")
            resources = page.get("Resources") or []
            out += resources
            start += len(resources)
            if not resources or start > page["totalResults"]:
                return sorted(out, key=lambda r: r.get("id") or r.get("userId") or "")


def _as_set(answer):
    return {json.dumps(entry, sort_keys=True) for entry in (answer if isinstance(answer, list) else [answer])}
