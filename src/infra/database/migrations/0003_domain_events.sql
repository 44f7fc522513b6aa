-- Release Guard's domain events, once per fact: the id is derived from the case and the fact, so a
-- retried activity writes nothing twice.
CREATE TABLE domain_events (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  event_type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  body jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX domain_events_type ON domain_events (event_type, seq);
