-- Early signals (vroegsignalering, Wgs art. 3a and Besluit gemeentelijke schuldhulpverlening §2), issue 7.

-- A signal sender (an organisation with API keys of role signal_sender) and its kind.
ALTER TABLE organisations ADD COLUMN sender_kind TEXT;

-- A melding: the signals for one address within the combining window, matched to a household when one
-- is known, otherwise waiting in the queue of the team for its postcode; and its outreach.
CREATE TABLE meldingen (
    id TEXT PRIMARY KEY,
    address_key TEXT NOT NULL,
    pc4 BIGINT NOT NULL,
    team_id TEXT REFERENCES teams(id),
    household_id TEXT REFERENCES households(id),
    match_by TEXT,
    priority TEXT NOT NULL,
    is_repeat BIGINT NOT NULL,
    signal_types TEXT NOT NULL,
    signal_count BIGINT NOT NULL,
    state TEXT NOT NULL,
    assigned_to TEXT REFERENCES users(id),
    first_signal TEXT NOT NULL,
    last_signal TEXT NOT NULL,
    first_attempt_due TEXT NOT NULL,
    first_attempt_on TEXT,
    reached BIGINT NOT NULL DEFAULT 0,
    outcome TEXT,
    closed_on TEXT,
    objection BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX meldingen_address ON meldingen (address_key, last_signal);
CREATE INDEX meldingen_queue ON meldingen (team_id, state, created_at);
CREATE INDEX meldingen_household ON meldingen (household_id);
CREATE INDEX meldingen_closed ON meldingen (state, closed_on);

-- One signal of a sender, once per sender reference; its person as the sender gave it.
CREATE TABLE signals (
    id TEXT PRIMARY KEY,
    sender_id TEXT NOT NULL REFERENCES organisations(id),
    sender_reference TEXT NOT NULL,
    melding_id TEXT NOT NULL REFERENCES meldingen(id),
    signal_type TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    days_in_arrears BIGINT,
    months_in_arrears BIGINT,
    signal_date TEXT NOT NULL,
    given_names TEXT NOT NULL,
    name_prefix TEXT,
    family_name TEXT NOT NULL,
    date_of_birth TEXT,
    street TEXT NOT NULL,
    house_number BIGINT NOT NULL,
    house_addition TEXT,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    bsn_encrypted TEXT,
    bsn_index TEXT,
    received_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (sender_id, sender_reference)
);
CREATE INDEX signals_melding ON signals (melding_id);

-- A changed amount (or arrears) for the same sender reference: the earlier values, in order.
CREATE TABLE signal_changes (
    signal_id TEXT NOT NULL REFERENCES signals(id),
    seq BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    days_in_arrears BIGINT,
    months_in_arrears BIGINT,
    signal_date TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    PRIMARY KEY (signal_id, seq)
);

-- The outreach: each contact attempt with its date and result.
CREATE TABLE outreach_attempts (
    melding_id TEXT NOT NULL REFERENCES meldingen(id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    result TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT,
    by_user TEXT NOT NULL REFERENCES users(id),
    by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (melding_id, seq)
);
