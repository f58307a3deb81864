-- Columns that let the database filter and sort SCIM users (RFC 7644 section 3.4.2) on every attribute
-- IdPs look users up by. Attributes that compare ignoring case (RFC 7643 caseExact=false) are stored
-- lower-cased in *_key columns: H2 has no expression indexes, so LOWER(x) could not be indexed on both
-- databases. The projection fills them; V6 fills them for rows written before they existed.
ALTER TABLE scim_user ADD COLUMN display_name_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN primary_email_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN given_name_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN family_name_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN formatted_name_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN employee_number_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN cost_center_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN organization_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN division_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN department_key VARCHAR(2048);
ALTER TABLE scim_user ADD COLUMN manager_key VARCHAR(2048);

-- connection first: every query is scoped to one connection; user_id last: the ORDER BY tie-breaker
CREATE INDEX scim_user_display_name ON scim_user (connection_id, display_name_key, user_id);
CREATE INDEX scim_user_primary_email ON scim_user (connection_id, primary_email_key, user_id);
CREATE INDEX scim_user_last_modified ON scim_user (connection_id, last_modified, user_id);
CREATE INDEX scim_user_given_name ON scim_user (connection_id, given_name_key);
CREATE INDEX scim_user_family_name ON scim_user (connection_id, family_name_key);
CREATE INDEX scim_user_formatted_name ON scim_user (connection_id, formatted_name_key);
CREATE INDEX scim_user_employee_number ON scim_user (connection_id, employee_number_key);
CREATE INDEX scim_user_cost_center ON scim_user (connection_id, cost_center_key);
CREATE INDEX scim_user_organization ON scim_user (connection_id, organization_key);
CREATE INDEX scim_user_division ON scim_user (connection_id, division_key);
CREATE INDEX scim_user_department ON scim_user (connection_id, department_key);
CREATE INDEX scim_user_manager ON scim_user (connection_id, manager_key);

-- One row per email of a user, for filters on the multi-valued emails attribute (emails[type eq "work"],
-- emails.value co "@x"). Replaced as a whole whenever the user's profile changes. email_value, not value:
-- VALUE is a reserved word in H2.
CREATE TABLE scim_user_email (
    user_id       VARCHAR(64)   NOT NULL,
    connection_id VARCHAR(64)   NOT NULL,
    value_key     VARCHAR(2048) NOT NULL,
    email_value   VARCHAR(2048) NOT NULL,
    type          VARCHAR(256),
    primary_email BOOLEAN       NOT NULL
);
CREATE INDEX scim_user_email_user ON scim_user_email (user_id);
CREATE INDEX scim_user_email_value ON scim_user_email (connection_id, value_key, user_id);
