-- The webhook backlog metric (pending deliveries and the oldest one's age, read at every scrape) over every
-- endpoint: without it the count reads the whole delivery log, which only grows.
CREATE INDEX webhook_delivery_backlog ON webhook_delivery (status, created_at);
