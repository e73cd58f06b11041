-- The organisations on the patterns dashboard are counted per month, bottleneck and organisation in
-- index order, like the counts per team: without this index SQLite read the (bottleneck, month,
-- organisation) index once per bottleneck and sorted every tag of the period (1.2 s for 2 M tags over
-- 24 months; bench/RESULTS.md).
CREATE INDEX bottleneck_tags_organisations ON bottleneck_tags (month, bottleneck_code, organisation);
