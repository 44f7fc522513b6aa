-- Signed-in users of the web pages: the session cookie names a row here, never the data itself.
CREATE TABLE web_sessions (
  sid text PRIMARY KEY,
  data jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
