-- How far the hourly court-results pull has got, so a run after downtime takes everything since.
CREATE TABLE court_pull_watermarks (
  source text PRIMARY KEY,
  pulled_until timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
