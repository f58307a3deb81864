-- The external-id index led with connection_id, like the unique (connection_id, user_name_key) index beside it. On a
-- PostgreSQL without statistics (a new installation until autovacuum's first analyze, a restored dump) the two tie for
-- the userName check every SCIM create runs, and PostgreSQL took this one: it read all of the connection's
-- registrations per create (docs/benchmarks/ANALYSIS.md). Led by the external id it no longer matches the userName
-- check at all, and the external-id lookup (always by connection and external id) uses it as before.
DROP INDEX user_registration_external_id;
CREATE INDEX user_registration_external_id ON user_registration (external_id, connection_id);
