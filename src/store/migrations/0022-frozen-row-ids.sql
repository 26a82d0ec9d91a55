-- The row ids of a frozen population (ssj-draw/2), in the population's order, as 8-byte floats: the
-- reveal finds the selected entities' rows by position instead of looking up each USCC (778,200
-- lookups took 6.4 s in a 10,000,000-entity draw). Dropped with the frozen inputs at the reveal.
-- A commitment made before this migration has none, and its reveal looks the USCCs up.
CREATE TABLE frozen_row_ids (
  commitment_id INTEGER PRIMARY KEY REFERENCES commitments(id),
  bytes BLOB NOT NULL
);
