-- Read-only auditor tokens for the admin API: only the SHA-256 digest of each token is kept.
CREATE TABLE auditor_token (
    id           VARCHAR(36)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    token_sha256 CHAR(64)     NOT NULL UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
