-- Filters on multi-valued attributes start from the value (an email, a member id), not from the resource.
CREATE INDEX scim_user_email_value_key ON scim_user_email (value_key, user_id);
