-- Life-domain assessments and the one integrated plan per household.
-- The plan's state is copied onto the household (NULL: no plan yet) so lists compute alerts from one row.
ALTER TABLE households ADD COLUMN plan_agreed BIGINT;
ALTER TABLE households ADD COLUMN plan_evaluation_on TEXT;

CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    -- NULL: the assessment is about the household as a whole
    member_id TEXT REFERENCES members(id),
    instrument_id TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    -- who took part, in words
    participants TEXT NOT NULL,
    -- JSON object: conversation field code -> the household's own words
    conversation TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX assessments_household ON assessments (household_id, assessed_on, created_at);

CREATE TABLE assessment_scores (
    assessment_id TEXT NOT NULL REFERENCES assessments(id),
    domain_code TEXT NOT NULL,
    score BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (assessment_id, domain_code)
);

-- Every version of a household's plan. Only the newest may change, and only while it is a draft;
-- `revision` guards a draft against two edits racing. Content is a JSON document (goals, actions,
-- laws, own contribution, evaluation date), read and diffed by the domain.
CREATE TABLE plan_versions (
    household_id TEXT NOT NULL REFERENCES households(id),
    version_no BIGINT NOT NULL,
    state TEXT NOT NULL,
    revision BIGINT NOT NULL,
    content TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- who agreed (a member's name as recorded), how (in person, portal, phone) and who recorded it
    agreed_by TEXT,
    agreed_how TEXT,
    agreed_at BIGINT,
    agreed_recorded_by TEXT,
    PRIMARY KEY (household_id, version_no)
);
