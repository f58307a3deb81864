-- Each email's display (filterable as emails.display) and its position in the user's list, so that sortBy on an
-- email sub-attribute takes the primary email, else the first (RFC 7644 section 3.4.2.3). Rows written before hold
-- no display (no profile had one) and position 0: among several non-primary emails of such a user, which one sorts
-- is unspecified until the user's next change rewrites the rows.
ALTER TABLE scim_user_email ADD COLUMN email_display VARCHAR(2048);
ALTER TABLE scim_user_email ADD COLUMN position INTEGER DEFAULT 0 NOT NULL;
