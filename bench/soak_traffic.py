"""The soak's mixed traffic, paced to a steady rate: what an IdP sends (SCIM creates, profile PATCHes, deactivations
and reactivations, deletes and re-creates, group member adds and removes, filter and id reads) from several clients,
and what an admin does (role-mapping reorders, groups created, renamed and deleted).

Each client owns the users it creates, so it knows what each of them must look like (active, title, groups); the
groups are shared, but a (group, user) membership is only changed by the user's owner. verify() compares that
knowledge with what SCIM serves at the end."""
import random, threading, time, urllib.parse, zlib

import scim_bench as lib

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ROLES = ("admin", "editor", "viewer")
# operation -> weight; every one but create picks one of the client's own users
MIX = {"create": 14, "profile": 20, "deactivate": 8, "reactivate": 8, "delete": 2, "recreate": 2,
       "add_member": 15, "remove_member": 12, "filter": 13, "get": 6}


def patch(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


def user_body(user_name):
    return {"schemas": [USER], "userName": user_name, "externalId": "ext-" + user_name,
            "name": {"givenName": "Soak", "familyName": user_name.split("@")[0]}, "displayName": user_name,
            "emails": [{"value": user_name, "type": "work", "primary": True}], "active": True}


class Window:
    """Requests, failures and latencies since the last take(): one row of the per-minute table."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests, self.failures, self.latencies = 0, 0, []
        self.total = 0  # never reset

    def add(self, seconds, ok):
        with self.lock:
            self.total += 1
            self.requests += 1
            self.failures += 0 if ok else 1
            self.latencies.append(seconds)

    def take(self):
        with self.lock:
            out = {"requests": self.requests, "failures": self.failures,
                   "p50_ms": lib.percentile(self.latencies, 50) * 1000 if self.latencies else None,
                   "p99_ms": lib.percentile(self.latencies, 99) * 1000 if self.latencies else None}
            self.requests, self.failures, self.latencies = 0, 0, []
            return out


class Traffic:
    def __init__(self, client, scim_base, token, admin_token, connection_id, groups, rate, clients, reorder_seconds, seed):
        self.client, self.base, self.token, self.admin_token = client, scim_base, token, admin_token
        self.connection_id, self.groups = connection_id, groups  # groups: name -> id; the names in ROLES are mapped
        self.rate, self.clients, self.reorder_seconds = rate, clients, reorder_seconds
        self.random = random.Random(seed)
        self.window = Window()
        self.stop = threading.Event()
        self.users = [dict() for _ in range(clients)]  # per client: user id -> expected state
        self.failures = []  # the first failures, for the report
        self.counts = {op: 0 for op in MIX} | {"reorder": 0, "group_lifecycle": 0}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=(i, random.Random(seed + i + 1)), name=f"soak-{i}", daemon=True)
                        for i in range(clients)]
        self.threads.append(threading.Thread(target=self._admin, args=(random.Random(seed),), name="soak-admin", daemon=True))
        self.mapping_order = list(ROLES)

    # ---- requests ------------------------------------------------------------------------------------------------

    def _call(self, what, method, path, body, expected, token=None):
        try:
            status, seconds, answer = self.client.call(method, path, token or self.token, body)
        except OSError as e:
            status, seconds, answer = None, 0.0, str(e)
        ok = status in expected
        self.window.add(seconds, ok)
        if not ok:
            with self.lock:
                self.counts.setdefault("failed_" + what, 0)
                self.counts["failed_" + what] += 1
                if len(self.failures) < 20:
                    self.failures.append(f"{what}: {method} {path} answered {status}: {str(answer)[:300]}")
        return ok, answer

    def _admin_call(self, what, method, path, body, expected):
        return self._call(what, method, path, body, expected, token=self.admin_token)

    def seed(self, users_per_client):
        for i in range(self.clients):
            for _ in range(users_per_client):
                self._create(i, self.users[i], self.random)

    def start(self):
        for thread in self.threads:
            thread.start()

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(120)

    # ---- the IdP clients -----------------------------------------------------------------------------------------

    def _client(self, index, rnd):
        users, interval = self.users[index], self.clients / self.rate
        operations, weights = list(MIX), list(MIX.values())
        next_at = time.monotonic() + rnd.uniform(0, interval)
        while not self.stop.is_set():
            delay = next_at - time.monotonic()
            if delay > 0:
                self.stop.wait(delay)
            next_at = max(next_at + interval, time.monotonic() - 1.0)  # behind by over a second: no burst to catch up
            op = rnd.choices(operations, weights)[0]
            if getattr(self, "_" + op)(index, users, rnd) is not False:
                with self.lock:
                    self.counts[op] += 1

    def _pick(self, users, rnd, where):
        candidates = [u for u, state in users.items() if where(state)]
        return rnd.choice(candidates) if candidates else None

    def _create(self, index, users, rnd):
        name = f"soak{index}-{len(users)}-{rnd.randrange(1 << 30):x}@soak.example"
        ok, answer = self._call("create", "POST", self.base + "/Users", user_body(name), (201,))
        if ok:
            users[answer["id"]] = {"userName": name, "active": True, "title": None, "deleted": False, "groups": set()}

    def _profile(self, index, users, rnd):
        user = self._pick(users, rnd, lambda s: not s["deleted"])
        if user is None:
            return False
        title = f"title-{rnd.randrange(1000)}"
        if self._call("profile", "PATCH", f"{self.base}/Users/{user}",
                      patch({"op": "replace", "path": "title", "value": title}), (200, 204))[0]:
            users[user]["title"] = title

    def _set_active(self, users, rnd, active):
        user = self._pick(users, rnd, lambda s: not s["deleted"] and s["active"] != active)
        if user is None:
            return False
        # Entra ID's form: capitalised op, string boolean
        if self._call("deactivate" if not active else "reactivate", "PATCH", f"{self.base}/Users/{user}",
                      patch({"op": "Replace", "path": "active", "value": "True" if active else "False"}), (200, 204))[0]:
            users[user]["active"] = active

    def _deactivate(self, index, users, rnd):
        return self._set_active(users, rnd, False)

    def _reactivate(self, index, users, rnd):
        return self._set_active(users, rnd, True)

    def _delete(self, index, users, rnd):
        """As Okta does on unassignment: out of its groups first, then DELETE."""
        user = self._pick(users, rnd, lambda s: not s["deleted"])
        if user is None:
            return False
        for group in sorted(users[user]["groups"]):
            self._remove(users, user, group)
        if not users[user]["groups"] and self._call("delete", "DELETE", f"{self.base}/Users/{user}", None, (204,))[0]:
            users[user]["deleted"] = True

    def _recreate(self, index, users, rnd):
        """A POST of a deleted userName brings the same user back."""
        user = self._pick(users, rnd, lambda s: s["deleted"])
        if user is None:
            return False
        ok, answer = self._call("recreate", "POST", self.base + "/Users", user_body(users[user]["userName"]), (201,))
        if ok:
            if answer["id"] != user:
                self._note(f"recreate: {users[user]['userName']} came back as {answer['id']}, not {user}")
            users[user].update(deleted=False, active=True, title=None)

    def _add_member(self, index, users, rnd):
        user = self._pick(users, rnd, lambda s: not s["deleted"] and len(s["groups"]) < len(self.groups))
        if user is None:
            return False
        group = rnd.choice([g for g in self.groups.values() if g not in users[user]["groups"]])
        if self._call("add_member", "PATCH", f"{self.base}/Groups/{group}",
                      patch({"op": "add", "path": "members", "value": [{"value": user}]}), (200, 204))[0]:
            users[user]["groups"].add(group)

    def _remove_member(self, index, users, rnd):
        user = self._pick(users, rnd, lambda s: not s["deleted"] and s["groups"])
        if user is None:
            return False
        self._remove(users, user, rnd.choice(sorted(users[user]["groups"])))

    def _remove(self, users, user, group):
        # Okta's encoding; Entra's (a value list) every other time
        operation = {"op": "remove", "path": f'members[value eq "{user}"]'} if zlib.crc32((user + group).encode()) % 2 else \
            {"op": "Remove", "path": "members", "value": [{"value": user}]}
        if self._call("remove_member", "PATCH", f"{self.base}/Groups/{group}", patch(operation), (200, 204))[0]:
            users[user]["groups"].discard(group)
            return True
        return False

    def _filter(self, index, users, rnd):
        user = self._pick(users, rnd, lambda s: not s["deleted"])
        if user is None:
            return False
        name = users[user]["userName"]
        ok, answer = self._call("filter", "GET", f"{self.base}/Users?filter=" + urllib.parse.quote(f'userName eq "{name}"'), None, (200,))
        if ok and [r["id"] for r in answer.get("Resources", [])] != [user]:
            self._note(f"filter: userName eq {name} gave {answer.get('totalResults')} results, not {user}")

    def _get(self, index, users, rnd):
        user = self._pick(users, rnd, lambda s: not s["deleted"])
        if user is None:
            return False
        ok, answer = self._call("get", "GET", f"{self.base}/Users/{user}", None, (200,))
        if ok and answer.get("active") != users[user]["active"]:
            self._note(f"get: {user} active={answer.get('active')}, its owner last set {users[user]['active']}")

    def _note(self, failure):
        with self.lock:
            self.counts["wrong_answers"] = self.counts.get("wrong_answers", 0) + 1
            if len(self.failures) < 20:
                self.failures.append(failure)

    # ---- the admin ------------------------------------------------------------------------------------------------

    def _admin(self, rnd):
        """Every reorder_seconds: the role mappings rotated (every member in two mapped groups changes role), a session
        started for a user, and every third time a group's lifecycle begun (created and renamed; deleted a tick later)."""
        tick, churn_group = 0, None
        while not self.stop.wait(self.reorder_seconds):
            tick += 1
            self.mapping_order = self.mapping_order[1:] + self.mapping_order[:1]
            body = [{"groupId": self.groups[role], "role": role} for role in self.mapping_order]
            if self._admin_call("reorder", "PUT", f"/api/connections/{self.connection_id}/role-mappings", body, (200, 204))[0]:
                with self.lock:
                    self.counts["reorder"] += 1
            owner = self.users[rnd.randrange(self.clients)]
            user = rnd.choice(list(owner)) if owner else None
            if user:  # 409 for a user its owner has just deactivated, 404 once deleted
                self._admin_call("session", "POST", f"/api/users/{user}/sessions", {}, (201, 404, 409))
            if churn_group:
                self._call("group_lifecycle", "DELETE", f"{self.base}/Groups/{churn_group}", None, (204,))
                churn_group = None
            elif tick % 3 == 0:
                ok, answer = self._call("group_lifecycle", "POST", f"{self.base}/Groups",
                                        {"schemas": [GROUP], "displayName": f"churn-{tick}", "members": []}, (201,))
                if ok:
                    churn_group = answer["id"]
                    self._call("group_lifecycle", "PATCH", f"{self.base}/Groups/{churn_group}",
                               patch({"op": "replace", "path": "displayName", "value": f"churn-{tick}-renamed"}), (200, 204))
                    with self.lock:
                        self.counts["group_lifecycle"] += 1

    # ---- the end --------------------------------------------------------------------------------------------------

    def verify(self):
        """Every user and group as its owner last saw it answered: the SCIM list (all pages) against the expected
        state. Returns (users compared, list of differences)."""
        expected = {u: s for users in self.users for u, s in users.items()}
        served, start = {}, 1
        while True:
            status, _, page = self.client.call("GET", f"{self.base}/Users?startIndex={start}&count=1000", self.token)
            if status != 200:
                return len(expected), [f"GET /Users answered {status}: {page}"]
            for resource in page.get("Resources", []):
                served[resource["id"]] = resource
            start += len(page.get("Resources", []))
            if not page.get("Resources") or start > page["totalResults"]:
                break
        differences = []
        for user, state in expected.items():
            got = served.pop(user, None)
            if state["deleted"]:
                if got is not None:
                    differences.append(f"{user}: deleted, yet listed")
                continue
            if got is None:
                differences.append(f"{user}: missing from the list")
                continue
            groups = {g["value"] for g in got.get("groups", [])}
            if (got.get("active"), got.get("title"), groups) != (state["active"], state["title"], state["groups"]):
                differences.append(f"{user}: served active={got.get('active')} title={got.get('title')} groups={sorted(groups)},"
                                   f" answered active={state['active']} title={state['title']} groups={sorted(state['groups'])}")
        differences += [f"{user}: listed, never created by the soak" for user in served]
        for name, group in self.groups.items():
            status, _, answer = self.client.call("GET", f"{self.base}/Groups/{group}", self.token)
            members = {m["value"] for m in (answer or {}).get("members", [])}
            wanted = {u for u, s in expected.items() if group in s["groups"] and not s["deleted"]}
            if status != 200 or members != wanted:
                differences.append(f"group {name}: {status}, {len(members - wanted)} unexpected and"
                                   f" {len(wanted - members)} missing members")
        return len(expected), differences
