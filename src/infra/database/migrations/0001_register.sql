-- The prisoner register: who each prisoner is and where he is held.

CREATE TABLE establishments (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  name text NOT NULL
);

CREATE TABLE prisoners (
  prisoner_number text PRIMARY KEY CHECK (prisoner_number ~ '^[A-Z][0-9]{4}[A-Z]{2}$'),
  first_name text NOT NULL,
  middle_names text,
  last_name text NOT NULL,
  date_of_birth date NOT NULL,
  pnc_number text,
  cro_number text,
  prison_code text NOT NULL REFERENCES establishments (code),
  status text NOT NULL CHECK (status IN ('IN_CUSTODY', 'AT_COURT', 'TEMPORARY_ABSENCE', 'RELEASED', 'TRANSFERRED_OUT')),
  planned_release timestamptz,
  status_since timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

CREATE INDEX prisoners_pnc ON prisoners (pnc_number) WHERE pnc_number IS NOT NULL;
CREATE INDEX prisoners_cro ON prisoners (cro_number) WHERE cro_number IS NOT NULL;
CREATE INDEX prisoners_name_dob ON prisoners (lower(last_name), date_of_birth);
CREATE INDEX prisoners_roll ON prisoners (prison_code, status);

CREATE TABLE prisoner_aliases (
  prisoner_number text NOT NULL REFERENCES prisoners (prisoner_number) ON DELETE CASCADE,
  position integer NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  date_of_birth date,
  PRIMARY KEY (prisoner_number, position)
);

CREATE INDEX prisoner_aliases_name_dob ON prisoner_aliases (lower(last_name), date_of_birth);

-- Every movement, from the prison system or the discharge gate, kept whether or not it moved him
-- (one older than his current status changes nothing, but is still history).
CREATE TABLE prisoner_movements (
  id text PRIMARY KEY,
  prisoner_number text NOT NULL REFERENCES prisoners (prisoner_number) ON DELETE CASCADE,
  kind text NOT NULL,
  status text NOT NULL,
  prison_code text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  applied boolean NOT NULL
);

CREATE INDEX prisoner_movements_by_prisoner ON prisoner_movements (prisoner_number, occurred_at);
