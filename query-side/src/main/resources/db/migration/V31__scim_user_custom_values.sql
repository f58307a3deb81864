-- One row per value of an attribute under dirsync's custom extension schema, so filters such as
-- urn:dirsync:scim:schemas:extension:custom:2.0:User:costCode eq "X" run in the database. The attribute
-- names are the IdP's own, so they cannot be columns: name and value are data. Complex values are stored
-- under dotted names (building.floor), multi-valued ones as several rows. value_key is lower-cased
-- (custom attributes compare ignoring case, as most SCIM string attributes do); value_number holds numbers
-- so that gt/lt compare numerically. Replaced as a whole whenever the user's profile changes.
CREATE TABLE scim_user_custom_value (
    user_id       VARCHAR(64)   NOT NULL,
    connection_id VARCHAR(64)   NOT NULL,
    name_key      VARCHAR(256)  NOT NULL,
    value_key     VARCHAR(2048) NOT NULL,
    value_number  DOUBLE PRECISION
);
CREATE INDEX scim_user_custom_value_user ON scim_user_custom_value (user_id);
-- filters start from the value, as for emails (see V19)
CREATE INDEX scim_user_custom_value_key ON scim_user_custom_value (name_key, value_key, user_id);
CREATE INDEX scim_user_custom_value_number ON scim_user_custom_value (name_key, value_number, user_id);
