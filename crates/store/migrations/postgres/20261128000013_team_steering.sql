-- Team steering (the team lead's dashboard): the day a household's file was closed, so the change in
-- life-domain scores can be measured over the households whose support ended in a period.
-- Files closed before this column existed take the day of their last change.
ALTER TABLE households ADD COLUMN closed_on TEXT;
UPDATE households SET closed_on = to_char(to_timestamp(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') WHERE status = 'closed';
CREATE INDEX households_team_closed ON households (lead_team_id, closed_on);
CREATE INDEX intakes_routed ON intakes (routed_team_id, created_at);
