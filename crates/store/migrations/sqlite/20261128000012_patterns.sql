-- Patterns: the bottlenecks (knelpunten) workers tag in household files, counted for policy makers.

-- The bottleneck taxonomy: the shipped list (shipped = 1) and what an admin added or edited.
CREATE TABLE bottlenecks (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_nl TEXT NOT NULL,
    description_en TEXT NOT NULL,
    shipped BIGINT NOT NULL,
    retired BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A bottleneck tagged in a household file (on the household itself or on one of its goals,
-- referrals or maatwerk requests). The description stays in the file; shared_text is the
-- de-identified text the worker confirmed for the policy meeting (NULL: not shared).
CREATE TABLE bottleneck_tags (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    team_id TEXT REFERENCES teams(id),
    subject_kind TEXT NOT NULL,
    subject_id TEXT,
    bottleneck_code TEXT NOT NULL REFERENCES bottlenecks(code),
    organisation TEXT NOT NULL,
    description TEXT NOT NULL,
    shared_text TEXT,
    shared_at BIGINT,
    month TEXT NOT NULL,
    tagged_on TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX bottleneck_tags_household ON bottleneck_tags (household_id, created_at);
-- The dashboard's count (month range, grouped by bottleneck and team) reads this index only.
CREATE INDEX bottleneck_tags_dashboard ON bottleneck_tags (month, bottleneck_code, team_id);
-- One bottleneck's months, and (with the organisation) the organisations named per bottleneck: both
-- read this index only.
CREATE INDEX bottleneck_tags_code_month ON bottleneck_tags (bottleneck_code, month, organisation);
-- The shared texts, most recently shared first (few of all tags).
CREATE INDEX bottleneck_tags_shared ON bottleneck_tags (shared_at) WHERE shared_text IS NOT NULL;

-- A structural improvement agreed for a bottleneck, with its status.
CREATE TABLE improvements (
    id TEXT PRIMARY KEY,
    bottleneck_code TEXT NOT NULL REFERENCES bottlenecks(code),
    owner_organisation TEXT NOT NULL,
    agreed TEXT NOT NULL,
    status TEXT NOT NULL,
    since TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX improvements_bottleneck ON improvements (bottleneck_code);
