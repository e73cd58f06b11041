-- The maatwerk requests waiting for the MDT's decision, kept with the household for the caseload's
-- alerts (updated in the same transaction as each request's change), like the plan's state.
ALTER TABLE households ADD COLUMN maatwerk_waiting BIGINT NOT NULL DEFAULT 0;
ALTER TABLE households ADD COLUMN maatwerk_decide_by TEXT;
-- The household's situation in a few lines, for the MDT's one-page summary.
ALTER TABLE exception_requests ADD COLUMN situation TEXT NOT NULL DEFAULT '';
-- The policy totals read requests by the day they were made.
CREATE INDEX exception_requests_created ON exception_requests (created_at);
