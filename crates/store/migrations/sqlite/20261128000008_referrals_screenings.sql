-- Closed-loop referrals, consultations and the financial screening (issue 6).

-- A partner organisation in the directory (whose users log in) is linked to its organisation on the
-- social map (an HSDS id): referrals to the map's services reach the users of the linked organisation.
ALTER TABLE organisations ADD COLUMN social_map_id TEXT;
CREATE INDEX organisations_social_map ON organisations (social_map_id);

-- A referral of a household to a service on the social map. The service's id, name and organisation
-- are kept as they were when it was made, so a later import that retires the service does not
-- rewrite the history. The state is the last move's (referral_moves); `version` guards changes.
CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    service_id TEXT NOT NULL,
    service_name TEXT NOT NULL,
    sm_organization_id TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- What goes with it: SharedItem codes, comma separated, chosen one by one.
    shared_items TEXT NOT NULL,
    basis TEXT,
    consent_member_id TEXT REFERENCES members(id),
    urgency TEXT NOT NULL,
    joint_appointment BIGINT NOT NULL DEFAULT 0,
    answer_days BIGINT NOT NULL,
    -- Set when sent: the last day the partner answers in time (working days after sending).
    answer_due TEXT,
    -- The screening suggestion it came from, if any (screening id and rule).
    screening_id TEXT,
    -- Warm handover: the specialist added as an involved professional while the referral runs.
    involvement_id TEXT REFERENCES involvements(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX referrals_household ON referrals (household_id, created_at);
CREATE INDEX referrals_organization ON referrals (sm_organization_id, sent_at);
CREATE INDEX referrals_service ON referrals (service_id, sent_at);

-- Every move of a referral: the explicit table's moves only (checked by the domain), with time and actor.
CREATE TABLE referral_moves (
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    seq BIGINT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    side TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users(id),
    actor_name TEXT NOT NULL,
    at BIGINT NOT NULL,
    reason TEXT,
    -- Only on completion: 1 success, 0 not, with the outcome's reason in `reason`.
    success BIGINT,
    PRIMARY KEY (referral_id, seq)
);

-- A question to a specialist organisation, without a handover; identified (the partner sees who
-- it is about) or anonymised (the partner never does). The household is always recorded on the
-- worker's side, so the answer lands on its timeline.
CREATE TABLE consults (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    identified BIGINT NOT NULL,
    -- The member who consented to naming the household (identified consultations only).
    consent_member_id TEXT REFERENCES members(id),
    sm_organization_id TEXT NOT NULL,
    organization_name TEXT NOT NULL,
    state TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX consults_household ON consults (household_id, created_at);
CREATE INDEX consults_organization ON consults (sm_organization_id, created_at);

-- The questions and answers of a consultation, in order.
CREATE TABLE consult_messages (
    consult_id TEXT NOT NULL REFERENCES consults(id),
    seq BIGINT NOT NULL,
    side TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (consult_id, seq)
);

-- A financial screening done with a household: the questionnaire's id and version, and the answers as JSON.
CREATE TABLE screenings (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    answers TEXT NOT NULL,
    done_on TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX screenings_household ON screenings (household_id, created_at);

-- The worker's response to each suggestion a screening made: accepted (with the referral drafted)
-- or dismissed with a reason. Both are kept: they show how well the team signals.
CREATE TABLE screening_responses (
    screening_id TEXT NOT NULL REFERENCES screenings(id),
    rule TEXT NOT NULL,
    kind TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT,
    referral_id TEXT REFERENCES referrals(id),
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL,
    PRIMARY KEY (screening_id, rule, kind)
);

-- Kept with the household for the caseload's alerts, updated in the same transaction as the change:
-- the last financial screening, and the earliest answer deadline of a referral still waiting for it.
ALTER TABLE households ADD COLUMN last_screening_on TEXT;
ALTER TABLE households ADD COLUMN referral_answer_due TEXT;
