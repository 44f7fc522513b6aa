-- Court results as received: every hearing version kept (a malformed one too, with its error, for
-- the unit), and each defendant's match decision and what was done about it.
CREATE TABLE court_hearings (
  hearing_id text NOT NULL,
  version integer NOT NULL,
  digest text NOT NULL,
  status text NOT NULL CHECK (status IN ('RECEIVED', 'MATCHED', 'MALFORMED')),
  court_code text,
  jurisdiction text,
  errors jsonb,
  body jsonb,
  raw text,
  received_at timestamptz NOT NULL DEFAULT now(),
  received_by text NOT NULL,
  PRIMARY KEY (hearing_id, version)
);

CREATE INDEX court_hearings_status ON court_hearings (status, received_at);

CREATE TABLE court_defendant_decisions (
  hearing_id text NOT NULL,
  version integer NOT NULL,
  defendant_id text NOT NULL,
  case_urn text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('MATCHED', 'POSSIBLE_MATCH', 'NO_MATCH')),
  prisoner_number text,
  score double precision,
  explanation jsonb NOT NULL,
  candidates jsonb NOT NULL,
  direction text CHECK (direction IN ('INTO_CUSTODY', 'OUT_OF_CUSTODY')),
  result_label text,
  action text,
  action_detail text,
  decided_at timestamptz NOT NULL DEFAULT now(),
  acted_at timestamptz,
  PRIMARY KEY (hearing_id, version, defendant_id),
  FOREIGN KEY (hearing_id, version) REFERENCES court_hearings (hearing_id, version) ON DELETE CASCADE
);

CREATE INDEX court_defendant_decisions_prisoner ON court_defendant_decisions (prisoner_number) WHERE prisoner_number IS NOT NULL;
CREATE INDEX court_defendant_decisions_outcome ON court_defendant_decisions (outcome, decided_at);
