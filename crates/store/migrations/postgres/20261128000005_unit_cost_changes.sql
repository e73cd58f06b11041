-- The unit-cost catalogue as an administrator changed it in the UI. The catalogue files (shipped and the
-- municipality's own) stay as they are; each row here is one whole item laid over them: the same code
-- replaces the file's item, a new code adds one. Amounts are exact text (Rust's float text round-trips;
-- numbers that may be NULL trip sqlx's Any driver on PostgreSQL, so all amounts are text alike).
CREATE TABLE unit_cost_overrides (
    code TEXT PRIMARY KEY,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    amount TEXT NOT NULL,
    unit TEXT NOT NULL,
    price_year BIGINT NOT NULL,
    stakeholder TEXT NOT NULL,
    value_type TEXT NOT NULL,
    confidence BIGINT NOT NULL,
    indicative BIGINT NOT NULL,
    licence TEXT NOT NULL,
    source_publication TEXT NOT NULL,
    source_publisher TEXT NOT NULL,
    source_year BIGINT NOT NULL,
    source_url TEXT NOT NULL,
    source_note TEXT,
    -- 1 for the first save; each save is guarded by the version the administrator started from
    version BIGINT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users(id),
    changed_by_name TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);

-- Every save, as saved: who set which values when. Append-only, like the audit log (which records the
-- same save in the same transaction).
CREATE TABLE unit_cost_changes (
    code TEXT NOT NULL,
    version BIGINT NOT NULL,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    amount TEXT NOT NULL,
    unit TEXT NOT NULL,
    price_year BIGINT NOT NULL,
    stakeholder TEXT NOT NULL,
    value_type TEXT NOT NULL,
    confidence BIGINT NOT NULL,
    indicative BIGINT NOT NULL,
    licence TEXT NOT NULL,
    source_publication TEXT NOT NULL,
    source_publisher TEXT NOT NULL,
    source_year BIGINT NOT NULL,
    source_url TEXT NOT NULL,
    source_note TEXT,
    changed_by TEXT NOT NULL REFERENCES users(id),
    changed_by_name TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (code, version)
);
CREATE INDEX unit_cost_changes_at ON unit_cost_changes (changed_at);

CREATE FUNCTION unit_cost_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'unit_cost_changes is append-only'; END $$;
CREATE TRIGGER unit_cost_changes_no_change BEFORE UPDATE OR DELETE ON unit_cost_changes
FOR EACH ROW EXECUTE FUNCTION unit_cost_changes_append_only();
