-- A member withdraws the consent their household's data went to an MDT party on (issue 9): from that
-- moment the party's access ends (the access policy counts only consent not withdrawn).
ALTER TABLE exception_parties ADD COLUMN consent_withdrawn_at BIGINT;
CREATE INDEX exception_parties_consent_member ON exception_parties (consent_member_id);
