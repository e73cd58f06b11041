-- Maatwerk: exception requests on a household, argued with the value triangle, shared with MDT parties
-- (organisations) on a recorded basis, and decided per party. The cost-benefit analysis is stored as
-- its JSON input (no personal data) with its headline result for lists and aggregates.
CREATE TABLE exception_requests (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    state TEXT NOT NULL,
    -- the rule that blocks: the law, the provision in words, the organisation that applies it
    blocking_law TEXT NOT NULL,
    blocking_provision TEXT NOT NULL,
    blocking_organisation TEXT NOT NULL,
    proposal TEXT NOT NULL,
    legal_ground TEXT NOT NULL,
    discretion_used TEXT NOT NULL,
    own_contribution TEXT NOT NULL,
    analysis TEXT,
    net_benefit TEXT,
    probability_positive TEXT,
    decide_by TEXT,
    version BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX exception_requests_household ON exception_requests (household_id, created_at);
CREATE INDEX exception_requests_state ON exception_requests (state, decide_by);

CREATE TABLE exception_parties (
    request_id TEXT NOT NULL REFERENCES exception_requests(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    party TEXT NOT NULL,
    basis TEXT NOT NULL,
    -- the member whose consent is the basis, when consent is
    consent_member_id TEXT REFERENCES members(id),
    verdict TEXT,
    decision_text TEXT,
    decided_by TEXT REFERENCES users(id),
    decided_at BIGINT,
    PRIMARY KEY (request_id, organisation_id)
);
CREATE INDEX exception_parties_organisation ON exception_parties (organisation_id, request_id);
