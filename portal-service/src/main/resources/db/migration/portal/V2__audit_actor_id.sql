-- One name for the actor in every service's audit log: actor_id (the API field becomes actorId).
ALTER TABLE audit_events RENAME COLUMN actor TO actor_id;
