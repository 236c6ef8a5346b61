-- What a RUNNING run has seen, one row per batch instead of one row per external id (issue 14: staging a batch's
-- 1,000 ids cost a primary-key insert and a foreign-key check per id, a quarter of a batch's time). Same meaning:
-- an external id was received by the run when it is in any batch's "received", accepted (written to orgs at least
-- once in the run) when it is in any batch's "accepted". Organisations whose id was received are never deactivated
-- by the run, even when their record was rejected. Emptied at finish.
CREATE TABLE sync_run_seen_batches (
    run_id    uuid NOT NULL REFERENCES sync_runs (id),
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    received  text[] NOT NULL,
    accepted  text[] NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- A run still RUNNING during the upgrade keeps what it has seen.
INSERT INTO sync_run_seen_batches (run_id, received, accepted)
SELECT run_id, array_agg(external_id ORDER BY external_id),
       coalesce(array_agg(external_id ORDER BY external_id) FILTER (WHERE accepted), '{}')
FROM sync_run_seen
GROUP BY run_id;

DROP TABLE sync_run_seen;
