-- Directory users are searched by a prefix of userName or of email, each over its own index, so a search
-- stays an index range at 100,000 users. email_key is the lower-cased email (H2 has no expression indexes).
ALTER TABLE directory_user ADD COLUMN email_key VARCHAR(2048);
UPDATE directory_user SET email_key = LOWER(email);
CREATE INDEX directory_user_email ON directory_user (connection_id, email_key);
