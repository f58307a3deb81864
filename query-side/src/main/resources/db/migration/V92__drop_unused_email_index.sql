-- A filter on emails starts from the value, whatever the connection (MultiValuedColumns: an uncorrelated IN over
-- value_key), so it reads scim_user_email_value_key (V19); nothing asks for the connection first. The V17 index was
-- kept up on every email row written and never read.
DROP INDEX scim_user_email_value;
