-- The maatwerk requests waiting for the MDT's decision, kept with the household for the caseload's
-- alerts (updated in the same transaction as each request's change), like the plan's state.
ALTER TABLE households ADD COLUMN maatwerk_waiting BIGINT NOT NULL DEFAULT 0;
ALTER TABLE households ADD COLUMN maatwerk_decide_by TEXT;
