-- A draw's bundle in pieces of 1 MiB (src/store/bundle-pieces.ts), each marked with the first
-- population entity whose record starts in it. The public entity check read every published bundle
-- whole to find one record (45 MiB per million-entity draw, 0.6-0.7 s for six such draws); it now reads
-- the one or two pieces that hold it. Downloads go out piece by piece.
-- The code step of this migration (splitStoredBundles) then moves the bundles of draw_bundles into
-- pieces, byte for byte, and drops that table.
CREATE TABLE draw_bundle_pieces (
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  seq INTEGER NOT NULL,
  first_entity TEXT,
  bytes BLOB NOT NULL,
  PRIMARY KEY (draw_id, seq)
);
CREATE INDEX draw_bundle_pieces_entity ON draw_bundle_pieces (draw_id, first_entity);
