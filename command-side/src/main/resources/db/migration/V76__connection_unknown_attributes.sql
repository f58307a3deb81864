-- Each connection's treatment of attributes the SCIM schema does not define (REJECT or KEEP); no row means REJECT.
CREATE TABLE connection_unknown_attributes (
    connection_id VARCHAR(64) NOT NULL PRIMARY KEY,
    policy        VARCHAR(16) NOT NULL
);
