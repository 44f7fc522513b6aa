-- Person matching: court defendants and documents to prisoners, in PostgreSQL, by blocking rules
-- on indexes and similarity from pg_trgm and fuzzystrmatch (both trusted extensions: a database
-- owner may create them). They go in public, which every schema's search_path ends with; two
-- migrators creating them at once is harmless.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
END $$;
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS fuzzystrmatch SCHEMA public;
EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
END $$;

-- A name as matching compares it: lower case, common accents folded, anything but letters gone
-- ("O'Brien-Smith" is "obriensmith", "Zoë" is "zoe").
CREATE FUNCTION rg_name_key(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN regexp_replace(translate(lower(coalesce(name, '')), 'àáâãäåāçćčèéêëēėęìíîïīłñńòóôõöøōśšùúûüūýÿžźż', 'aaaaaaaccceeeeeeeiiiiilnnooooooossuuuuuyyzzz'), '[^a-z]', '', 'g');

-- PNC and CRO numbers as matching compares them: upper case, and the serial without its leading
-- zeros ("1985/0012345A" and "1985/12345A" are one PNC; "012345/85A" and "12345/85A" one CRO).
CREATE FUNCTION rg_pnc_key(pnc text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN regexp_replace(upper(regexp_replace(coalesce(pnc, ''), '\s', '', 'g')), '^([0-9]{2,4})/0*([0-9]+)([A-Z])$', '\1/\2\3');
CREATE FUNCTION rg_cro_key(cro text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN regexp_replace(upper(regexp_replace(coalesce(cro, ''), '\s', '', 'g')), '^0*([0-9]+)/([0-9]{2})([A-Z])$', '\1/\2\3');

-- The blocking rules' indexes: date of birth with name prefixes; a phonetic surname with a first
-- initial (for a wrong date of birth); names and dates of birth of aliases; surname counts.
CREATE INDEX prisoners_pnc_key ON prisoners (rg_pnc_key(pnc_number)) WHERE pnc_number IS NOT NULL;
CREATE INDEX prisoners_cro_key ON prisoners (rg_cro_key(cro_number)) WHERE cro_number IS NOT NULL;
CREATE INDEX prisoners_dob ON prisoners (date_of_birth);
CREATE INDEX prisoners_surname_key ON prisoners (rg_name_key(last_name));
CREATE INDEX prisoners_phonetic ON prisoners (dmetaphone(rg_name_key(last_name)), left(rg_name_key(first_name), 1));
CREATE INDEX prisoner_aliases_surname_key ON prisoner_aliases (rg_name_key(last_name), left(rg_name_key(first_name), 1));
CREATE INDEX prisoner_aliases_dob ON prisoner_aliases (date_of_birth) WHERE date_of_birth IS NOT NULL;
