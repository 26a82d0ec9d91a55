-- Strata that do not use the credit class: one stratum for the whole population (不分层), or one per
-- region (按片区). The CHECK on strata_mode cannot change without rebuilding the table, so the mode is
-- the pair (strata_mode, by_class): ('class', 0) = all, ('region-class', 0) = region. See store/tasks.ts.
ALTER TABLE tasks ADD COLUMN by_class INTEGER NOT NULL DEFAULT 1 CHECK (by_class IN (0, 1));
