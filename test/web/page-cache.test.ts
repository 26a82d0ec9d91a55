// The public page cache: bounded by entries and by bytes, large bodies never kept.
import { expect, it } from 'vitest';
import { PageCache } from '../../src/web/page-cache';

const page = (n: number) => ({ status: 200, type: 'text/html', body: 'x'.repeat(n) });

it('keeps pages up to its bounds, dropping the oldest first, and never a body above the item limit', () => {
  const c = new PageCache({ maxEntries: 3, maxBytes: 1000, maxItem: 600 });
  c.set('a', page(300));
  c.set('b', page(300));
  c.set('c', page(300));
  expect(c.stats).toEqual({ entries: 3, bytes: 900 });
  // Over the bytes: 'a' goes.
  c.set('d', page(200));
  expect(c.get('a')).toBeUndefined();
  expect(c.stats).toEqual({ entries: 3, bytes: 800 });
  // Too large to keep at all; nothing else is dropped for it.
  c.set('huge', page(601));
  expect(c.get('huge')).toBeUndefined();
  expect(c.stats).toEqual({ entries: 3, bytes: 800 });
  // Over the entries: the oldest left ('b') goes.
  c.set('e', page(10));
  expect(c.get('b')).toBeUndefined();
  expect([c.get('c'), c.get('d'), c.get('e')].every(Boolean)).toBe(true);
  // The same key again replaces its page and its size.
  c.set('e', page(50));
  expect(c.stats).toEqual({ entries: 3, bytes: 300 + 200 + 50 });
});

it('stays within its bytes whatever keys it is given (a client varying the query string)', () => {
  const c = new PageCache({ maxEntries: 1000, maxBytes: 10_000, maxItem: 5_000 });
  for (let i = 0; i < 500; i++) c.set(`/public/draws/1/bundle.json?v=${i}`, page(4_000));
  expect(c.stats.bytes).toBeLessThanOrEqual(10_000);
  expect(c.stats.entries).toBe(2);
});
