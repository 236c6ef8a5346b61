-- How the person behind a session proved who they are, so refreshed tokens keep it (amr, auth_time) and a
-- step-up can raise it. enrolment_only: a role that requires a second factor signed in without one; the
-- session's tokens may only enrol a factor (scope mfa:enroll) until one is confirmed.
ALTER TABLE sessions ADD COLUMN amr text[] NOT NULL DEFAULT ARRAY['pwd'];
ALTER TABLE sessions ADD COLUMN auth_time timestamptz;
UPDATE sessions SET auth_time = created_at;
ALTER TABLE sessions ALTER COLUMN auth_time SET NOT NULL;
ALTER TABLE sessions ALTER COLUMN amr DROP DEFAULT;
ALTER TABLE sessions ADD COLUMN enrolment_only boolean NOT NULL DEFAULT false;
ALTER TABLE sessions ADD CONSTRAINT sessions_amr_present CHECK (cardinality(amr) > 0);
