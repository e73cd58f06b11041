-- The household file: households, members, intakes, involvements, network, timeline.
-- Dates are ISO text (YYYY-MM-DD); times unix seconds. `version` guards against lost updates.
CREATE TABLE households (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    status TEXT NOT NULL,
    close_reason TEXT,
    street TEXT NOT NULL,
    house_number BIGINT NOT NULL,
    house_addition TEXT,
    postcode TEXT NOT NULL,
    pc4 BIGINT NOT NULL,
    city TEXT NOT NULL,
    lead_team_id TEXT REFERENCES teams(id),
    co_team_id TEXT REFERENCES teams(id),
    contact_worker_id TEXT REFERENCES users(id),
    last_contact_on TEXT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX households_team ON households (lead_team_id, status, id);
CREATE INDEX households_co_team ON households (co_team_id, status, id);
CREATE INDEX households_worker ON households (contact_worker_id, status, id);
CREATE INDEX households_address ON households (postcode, house_number);
CREATE TABLE members (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    -- the household's lead team, copied so a name search reads team and name from one index
    lead_team_id TEXT,
    given_names TEXT NOT NULL,
    name_prefix TEXT,
    family_name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    family_core TEXT COLLATE "C" NOT NULL,
    -- the core family name reversed: a typo early in a name still finds candidates by its ending
    family_rev TEXT COLLATE "C" NOT NULL,
    family_key TEXT NOT NULL,
    given_core TEXT COLLATE "C" NOT NULL,
    date_of_birth TEXT,
    role TEXT NOT NULL,
    languages TEXT NOT NULL,
    interpreter_needed BIGINT NOT NULL,
    interpreter_language TEXT,
    phone TEXT,
    email TEXT,
    bsn_encrypted TEXT,
    bsn_index TEXT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX members_household ON members (household_id);
-- (team, name key) first; household and search text at the end so a name search reads only the index.
CREATE INDEX members_team_family ON members (lead_team_id, family_core, household_id, search_text);
CREATE INDEX members_team_rev ON members (lead_team_id, family_rev, household_id, search_text);
CREATE INDEX members_team_key ON members (lead_team_id, family_key, household_id, search_text);
CREATE INDEX members_team_given ON members (lead_team_id, given_core, household_id, search_text);
CREATE INDEX members_team_birth ON members (lead_team_id, date_of_birth);
CREATE INDEX members_key_birth ON members (family_key, date_of_birth);
CREATE INDEX members_bsn ON members (bsn_index);
CREATE TABLE intakes (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    referrer TEXT NOT NULL,
    question TEXT NOT NULL,
    domains TEXT NOT NULL,
    urgency TEXT NOT NULL,
    wish_kind TEXT,
    routed_team_id TEXT REFERENCES teams(id),
    route_reason TEXT NOT NULL,
    -- the address given at this intake (the household may be known at another one)
    address_line TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX intakes_household ON intakes (household_id, created_at);
CREATE TABLE involvements (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    organisation TEXT NOT NULL,
    professional TEXT,
    law TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX involvements_household ON involvements (household_id);
CREATE TABLE network_contacts (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone TEXT,
    can_help_with TEXT,
    consent_member_id TEXT NOT NULL REFERENCES members(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX network_household ON network_contacts (household_id);
CREATE TABLE timeline_entries (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    contact_type TEXT NOT NULL,
    body TEXT NOT NULL,
    domains TEXT NOT NULL,
    member_id TEXT REFERENCES members(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX timeline_household ON timeline_entries (household_id, occurred_on, created_at);
-- Workers who left or are absent: their households alert until reassigned.
ALTER TABLE users ADD COLUMN available BIGINT NOT NULL DEFAULT 1;
-- Break-the-glass: a worker outside the household's teams opened the file with a written reason;
-- valid for that session only, flagged in the audit log.
CREATE TABLE break_glass_grants (
    id TEXT PRIMARY KEY,
    session_id_hash TEXT NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id),
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX break_glass_session ON break_glass_grants (session_id_hash, household_id);
