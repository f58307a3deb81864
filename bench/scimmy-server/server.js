// An in-memory SCIM 2.0 server on the open-source SCIMMY library (scimmy + scimmy-routers on express), the
// "other open-source SCIM server" that bench/harness.py runs beside dirsync with the same workloads.
// Users live in a Map; `userName eq` and Entra's `emails[type eq "work"].value eq` are answered from two
// hash indexes (what anyone writing such a server would add), any other filter scans with SCIMMY's own
// Filter.match. Nothing is durable: that is the comparison's caveat, stated in RESULTS.md.
// Usage: PORT=8081 TOKEN=secret node server.js
import express from "express";
import crypto from "node:crypto";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const port = Number(process.env.PORT ?? 8081);
const token = process.env.TOKEN ?? "bench-scimmy-token";
const users = new Map();
const byUserName = new Map();
const byWorkEmail = new Map();
const lower = (value) => String(value ?? "").toLowerCase();
const workEmail = (user) => (user.emails ?? []).find((email) => email.type === "work")?.value;

// the forms the two indexes answer; null for any other filter (scanned instead)
function indexedLookup(filter) {
    if (!filter || filter.length !== 1) return null;
    const expression = filter[0];
    const keys = Object.keys(expression);
    if (keys.length !== 1) return null;
    if (keys[0] === "userName" && expression.userName[0] === "eq") {
        return {id: byUserName.get(lower(expression.userName[1]))};
    }
    const emails = expression.emails;
    if (keys[0] === "emails" && emails?.type?.[0] === "eq" && emails.type[1] === "work"
            && emails?.value?.[0] === "eq" && Object.keys(emails).length === 2) {
        return {id: byWorkEmail.get(lower(emails.value[1]))};
    }
    return null;
}

SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress((resource, instance) => {
        const existing = resource.id ? users.get(resource.id) : undefined;
        if (resource.id && !existing) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        const key = lower(instance.userName);
        const holder = byUserName.get(key);
        if (holder && holder !== resource.id) throw new SCIMMY.Types.Error(409, "uniqueness", "userName already exists");
        const now = new Date();
        const id = existing?.id ?? crypto.randomUUID();
        const user = {...JSON.parse(JSON.stringify(instance)), id,
            meta: {created: existing?.meta?.created ?? now, lastModified: now}};
        if (existing) {
            byUserName.delete(lower(existing.userName));
            byWorkEmail.delete(lower(workEmail(existing)));
        }
        users.set(id, user);
        byUserName.set(key, id);
        if (workEmail(user)) byWorkEmail.set(lower(workEmail(user)), id);
        return user;
    })
    .egress((resource) => {
        if (resource.id) {
            const user = users.get(resource.id);
            if (!user) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            return user;
        }
        const indexed = indexedLookup(resource.filter);
        if (indexed) return indexed.id ? [users.get(indexed.id)] : [];
        const all = [...users.values()];
        return resource.filter ? resource.filter.match(all) : all;
    })
    .degress((resource) => {
        const user = users.get(resource.id);
        if (!user) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        users.delete(resource.id);
        byUserName.delete(lower(user.userName));
        byWorkEmail.delete(lower(workEmail(user)));
    });

const app = express();
app.disable("x-powered-by");
// the benchmark's helper route: a sample of stored userNames to filter on (not SCIM)
app.get("/bench/user-names", (request, response) => {
    const wanted = Number(request.query.count ?? 1000);
    const names = [...byUserName.keys()];
    const sample = [];
    for (let i = 0; i < Math.min(wanted, names.length); i++) sample.push(names[Math.floor(Math.random() * names.length)]);
    response.json({total: users.size, userNames: sample});
});
app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
        if (request.header("Authorization") !== `Bearer ${token}`) throw new Error("Authorization failed");
        return "bench";
    },
}));
app.listen(port, "127.0.0.1", () => console.log(`scimmy server on 127.0.0.1:${port}`));
