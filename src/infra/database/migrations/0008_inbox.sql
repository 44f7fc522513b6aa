-- The smart inbox: every message that reaches it is kept (raw, up to the size limit), with what
-- was read from it and where it was filed; each attachment with its checksum.
CREATE TABLE inbox_messages (
  id text PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  mail_from text,
  subject text,
  size integer NOT NULL,
  raw bytea,
  status text NOT NULL CHECK (status IN ('RECEIVED', 'FILED', 'TRIAGE', 'OVERSIZED')),
  outcome text,
  prisoner_number text,
  extracted jsonb,
  explanation jsonb,
  processed_at timestamptz
);

CREATE INDEX inbox_messages_status ON inbox_messages (status, received_at);
CREATE INDEX inbox_messages_prisoner ON inbox_messages (prisoner_number) WHERE prisoner_number IS NOT NULL;

CREATE TABLE inbox_documents (
  message_id text NOT NULL REFERENCES inbox_messages (id) ON DELETE CASCADE,
  position integer NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  text_read boolean NOT NULL,
  problem text,
  PRIMARY KEY (message_id, position)
);
