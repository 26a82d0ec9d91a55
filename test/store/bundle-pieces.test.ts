// Bundles stored in pieces (migration 0015): the text comes back byte for byte whatever the piece size,
// and one entity's stratum is found from the pieces that hold its record, also when a record, an id or
// the list's end marker is cut between two pieces. (Ids are USCCs, so SQLite's byte order of the
// pieces' first ids is the protocol's order.)
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db';
import { loadMigrations, migrate } from '../../src/store/migrate';
import { buildBundle, canonicalBundle, type Bundle } from '../../src/domain/bundle';
import { compareUtf8, H } from '../../src/domain/hash';
import { bundleByteLength, bundlePieces, bundleText, PIECE_BYTES, storedStratum, writeBundlePieces } from '../../src/store/bundle-pieces';
import { tempDir } from '../helpers/server';

const load = (name: string): Bundle => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', `${name}.json`), 'utf8')) as Bundle;
const SIZES = [7, 16, 64, 4096, PIECE_BYTES];

let dir = '';
let db: Db;
let nextDraw = 1;
beforeAll(() => {
  dir = tempDir();
  db = openDb(path.join(dir, 'pieces.db'));
  migrate(db);
  db.exec(`INSERT INTO departments (id, code, name, short_name) VALUES (1, 'd', '某局', '某')`);
  db.exec(`INSERT INTO tasks (id, department_id, number, title, strata_rules, status, created_by, created_at, updated_at) VALUES (1, 1, 'n', 't', '{}', '已抽取', 'a', 'x', 'x')`);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Stores a bundle's canonical bytes as a new draw with the given piece size; returns the draw id. */
function store(b: Bundle, pieceBytes: number): number {
  const id = nextDraw++;
  const text = canonicalBundle(b);
  db.prepare(`INSERT INTO commitments (id, task_id, commitment, secret, committed_at) VALUES (?, 1, ?, 's', 'x')`).run(id, 'c' + id);
  db.prepare(`INSERT INTO draws (id, task_id, commitment_id, department_id, excluded_counts, bundle_hash, drawn_at, drawn_by) VALUES (?, 1, ?, 1, '{}', ?, 'x', 'a')`).run(id, id, H(text));
  writeBundlePieces(db, id, Buffer.from(text), pieceBytes);
  return id;
}

/** Ids not in the population: before the first, after the last, and next to each listed one. */
function absentIds(b: Bundle): string[] {
  const ids = new Set(b.inputs.entities.map((e) => e.id));
  const near = [...ids].flatMap((id) => [id + '!', id.slice(0, -1), id.slice(0, -1) + '~', id + '"']);
  return ['', '0', '0'.repeat(18), 'Z'.repeat(18), '\uffff', '😀😀', ...near].filter((x) => !ids.has(x));
}

function expectLookups(id: number, b: Bundle): void {
  for (const e of b.inputs.entities) expect(storedStratum(db, id, e.id), e.id).toBe(e.stratum);
  for (const x of absentIds(b)) expect(storedStratum(db, id, x), JSON.stringify(x)).toBeNull();
}

/** A bundle over the given population (task, seed and the rest from the 'edges' vector). */
function withPopulation(entities: { id: string; stratum: string }[]): Bundle {
  const b = load('edges');
  const keys = [...new Set(entities.map((e) => e.stratum))].sort(compareUtf8);
  const { value: _v, ...seed } = b.seed;
  return buildBundle({ task: b.task, seed, previous: '', inputs: { ...b.inputs, entities: [...entities].sort((x, y) => compareUtf8(x.id, y.id)), strata: keys.map((key) => ({ key, ratioBp: 5000 })), exclusions: [] } });
}

describe('bundle pieces', () => {
  for (const name of ['market-monthly', 'joint-witnessed', 'edges']) {
    it(`${name}: comes back byte for byte, and every entity's stratum is found, at any piece size`, () => {
      const b = load(name);
      const text = canonicalBundle(b);
      for (const size of SIZES) {
        const id = store(b, size);
        expect(bundleText(db, id)).toBe(text);
        expect(Buffer.concat([...bundlePieces(db, id)]).toString()).toBe(text);
        expect(bundleByteLength(db, id)).toBe(Buffer.byteLength(text));
        expect(db.prepare('SELECT count(*) FROM draw_bundle_pieces WHERE draw_id = ?').pluck().get(id)).toBe(Math.ceil(Buffer.byteLength(text) / size));
        expectLookups(id, b);
      }
    });
  }

  it('finds strata whose keys hold quotes, backslashes and the very patterns the search looks for', () => {
    const keys = ['a"b', 'c\\d', '],"exclusions":[', '{"id":"9', '层"}', '"stratum":"x'];
    const b = withPopulation(load('edges').inputs.entities.map((e, i) => ({ id: e.id, stratum: keys[i % keys.length]! })));
    for (const size of SIZES) expectLookups(store(b, size), b);
  });

  it('stores bytes given in pieces of any size exactly as the same bytes given whole', () => {
    for (const name of ['market-monthly', 'edges']) {
      const b = load(name);
      const bytes = Buffer.from(canonicalBundle(b));
      const start = bytes.indexOf('{"id":"');
      const end = bytes.indexOf('],"exclusions":[');
      for (const size of [7, 64, 4096]) {
        const whole = store(b, size);
        // Cut at odd places, the cuts falling inside records, ids and the list's end marker.
        const cuts = [0, 1, 5, start + 3, start + 30, end - 2, end + 4, bytes.length - 1, bytes.length].filter((x, i, a) => x >= 0 && (i === 0 || x > a[i - 1]!));
        const pieces = cuts.slice(1).map((c, i) => bytes.subarray(cuts[i]!, c));
        const id = nextDraw++;
        db.prepare(`INSERT INTO commitments (id, task_id, commitment, secret, committed_at) VALUES (?, 1, ?, 's', 'x')`).run(id, 'c' + id);
        db.prepare(`INSERT INTO draws (id, task_id, commitment_id, department_id, excluded_counts, bundle_hash, drawn_at, drawn_by) VALUES (?, 1, ?, 1, '{}', 'h', 'x', 'a')`).run(id, id);
        writeBundlePieces(db, id, { pieces, entities: { start: start === -1 ? 0 : start, end } }, size);
        const rows = (d: number) => db.prepare('SELECT seq, first_entity, bytes FROM draw_bundle_pieces WHERE draw_id = ? ORDER BY seq').all(d);
        expect(rows(id)).toEqual(rows(whole));
        expectLookups(id, b);
      }
    }
  });

  it('finds nothing in a bundle whose population is empty', () => {
    const b = withPopulation([]);
    for (const size of [7, 64, PIECE_BYTES]) {
      const id = store(b, size);
      expect(bundleText(db, id)).toBe(canonicalBundle(b));
      expect(storedStratum(db, id, '91350100M000100Y43')).toBeNull();
    }
  });

  it('refuses bytes that are not a canonical bundle', () => {
    db.prepare(`INSERT INTO commitments (id, task_id, commitment, secret, committed_at) VALUES (999, 1, 'c999', 's', 'x')`).run();
    db.prepare(`INSERT INTO draws (id, task_id, commitment_id, department_id, excluded_counts, bundle_hash, drawn_at, drawn_by) VALUES (999, 1, 999, 1, '{}', 'h', 'x', 'a')`).run();
    expect(() => writeBundlePieces(db, 999, Buffer.from(JSON.stringify({ inputs: { entities: [] } })))).toThrow(/canonical/);
    expect(bundleText(db, 999)).toBeUndefined();
  });
});

it('migration 0015 moves the bundles of draw_bundles into pieces, byte for byte, and drops that table', () => {
  const d = tempDir();
  const old = openDb(path.join(d, 'old.db'));
  try {
    const all = loadMigrations();
    migrate(old, all.slice(0, all.findIndex((m) => m.name === 'bundle-pieces')));
    old.exec(`INSERT INTO departments (id, code, name, short_name) VALUES (1, 'd', '某局', '某')`);
    old.exec(`INSERT INTO tasks (id, department_id, number, title, strata_rules, status, created_by, created_at, updated_at) VALUES (1, 1, 'n', 't', '{}', '已抽取', 'a', 'x', 'x')`);
    const bundles = ['market-monthly', 'joint-witnessed', 'edges'].map(load);
    bundles.forEach((b, i) => {
      const text = canonicalBundle(b);
      old.prepare(`INSERT INTO commitments (id, task_id, commitment, secret, committed_at) VALUES (?, 1, ?, 's', 'x')`).run(i + 1, 'c' + i);
      old.prepare(`INSERT INTO draws (id, task_id, commitment_id, department_id, excluded_counts, bundle_hash, drawn_at, drawn_by) VALUES (?, 1, ?, 1, '{}', ?, 'x', 'a')`).run(i + 1, i + 1, H(text));
      old.prepare('INSERT INTO draw_bundles (draw_id, bundle) VALUES (?, ?)').run(i + 1, text);
    });
    migrate(old, all);
    expect(old.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'draw_bundles'").pluck().get()).toBe(0);
    bundles.forEach((b, i) => {
      expect(bundleText(old, i + 1)).toBe(canonicalBundle(b));
      for (const e of b.inputs.entities) expect(storedStratum(old, i + 1, e.id)).toBe(e.stratum);
    });
  } finally {
    old.close();
    fs.rmSync(d, { recursive: true, force: true });
  }
});
