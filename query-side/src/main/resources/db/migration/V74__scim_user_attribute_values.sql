-- One row per value of every User attribute that has no column of its own (title, name.middleName,
-- addresses, phoneNumbers, any extension's attributes...), so that RFC 7644 filters and sortBy reach every
-- attribute of the schema. Replaces V31's scim_user_custom_value, which held the custom extension only;
-- V75 rebuilds the rows, custom ones included, from the stored profiles.
--   attribute_key  the lower-cased attribute name, URN-qualified in an extension (title,
--                  urn:dirsync:scim:schemas:extension:custom:2.0:user:costcode)
--   sub_key        the lower-cased sub-attribute ('' for the attribute's own value; dotted when a free-form
--                  extension value nests deeper): a column, not part of the name, so that "the attribute has
--                  any value" is an index prefix, never a LIKE (whose index use depends on the collation)
--   element        which value of a multi-valued attribute the row belongs to, so that a value filter such as
--                  addresses[type eq "work" and locality eq "Paris"] matches within one address; 0 is the
--                  primary value, else the first, so that sortBy reads element 0 (RFC 7644 section 3.4.2.3)
--   value_key      the value lower-cased (most attributes compare ignoring case)
--   value_exact    the value as sent, for caseExact attributes only (profileUrl, photos.value...)
--   value_number   numbers, compared numerically
CREATE TABLE scim_user_attribute_value (
    user_id       VARCHAR(64)   NOT NULL,
    connection_id VARCHAR(64)   NOT NULL,
    attribute_key VARCHAR(384)  NOT NULL,
    sub_key       VARCHAR(384)  NOT NULL,
    element       INTEGER       NOT NULL,
    value_key     VARCHAR(2048) NOT NULL,
    value_exact   VARCHAR(2048),
    value_number  DOUBLE PRECISION
);
CREATE INDEX scim_user_attribute_value_user ON scim_user_attribute_value (user_id);
-- filters start from the value (see V19); element last, so value filters read the index only
CREATE INDEX scim_user_attribute_value_key ON scim_user_attribute_value (attribute_key, sub_key, value_key, user_id, element);
CREATE INDEX scim_user_attribute_value_number ON scim_user_attribute_value (attribute_key, sub_key, value_number, user_id, element);

DROP TABLE scim_user_custom_value;
