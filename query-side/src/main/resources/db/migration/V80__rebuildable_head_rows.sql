-- One row per aggregate for the subscribing read models that had none (role mappings, attribute mappings, sessions):
-- every handler of the model writes it first and a rebuild locks it first (RebuildableReadModel), so a command and the
-- rebuild of its aggregate take their locks in the same order. Filled from the rows already there; an aggregate left
-- without one (a connection whose last list was empty) gets it from its rebuild or its next event.
CREATE TABLE connection_role_mapping_head (
    connection_id VARCHAR(64) NOT NULL PRIMARY KEY
);
INSERT INTO connection_role_mapping_head (connection_id) SELECT DISTINCT connection_id FROM connection_role_mapping;

CREATE TABLE connection_attribute_mapping_head (
    connection_id VARCHAR(64) NOT NULL PRIMARY KEY
);
INSERT INTO connection_attribute_mapping_head (connection_id) SELECT DISTINCT connection_id FROM connection_attribute_mapping;

CREATE TABLE user_session_head (
    user_id VARCHAR(64) NOT NULL PRIMARY KEY
);
INSERT INTO user_session_head (user_id) SELECT DISTINCT user_id FROM user_session;
