-- Partners keep their own listing on the social map up to date; an administrator checks each change
-- (see crates/domain/src/social_map/proposal.rs). A proposal is one service record of one social-map
-- organisation: a change to an existing service or a new one (`is_new`), kept whole as its JSON
-- (`record`, the domain's shape, as sm_services.record). `based_on` is the service as it was when the
-- change was proposed. State: pending, then approved or rejected (with `reason`); `version` guards
-- the decision.
CREATE TABLE listing_proposals (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES sm_organizations(id),
    service_id TEXT NOT NULL,
    is_new BIGINT NOT NULL DEFAULT 0,
    record TEXT NOT NULL,
    based_on TEXT,
    state TEXT NOT NULL,
    reason TEXT,
    proposed_by TEXT NOT NULL REFERENCES users(id),
    proposed_by_name TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_by_name TEXT,
    decided_at BIGINT,
    version BIGINT NOT NULL
);
-- The administrator's list of pending proposals, oldest first.
CREATE INDEX listing_proposals_state ON listing_proposals (state, proposed_at);
-- A partner's own proposals, newest first.
CREATE INDEX listing_proposals_organization ON listing_proposals (organization_id, proposed_at);
CREATE INDEX listing_proposals_service ON listing_proposals (service_id, proposed_at);
