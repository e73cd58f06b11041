-- The early-signals dashboard reads the meldingen received from a day on (Store::signal_facts).
CREATE INDEX meldingen_created ON meldingen (created_at);
