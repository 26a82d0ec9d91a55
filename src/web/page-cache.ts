// Rendered public pages kept in memory, bounded by bytes as well as entries. Keys name a page by the
// parameters it reads (web/routes/public.ts, pageKey), but a search or an entity check has a page per
// query, so without a bound on bytes anyone could still fill the memory with pages. Bodies above
// `maxItem` are never kept (a bundle download of a million-entity draw is tens of MB; it is read from
// the database on each request instead).
export interface CachedPage {
  status: number;
  type: string;
  body: string;
}

export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(
    private readonly limits: { maxEntries: number; maxBytes: number; maxItem: number },
  ) {}

  get(key: string): CachedPage | undefined {
    return this.pages.get(key);
  }

  /** Keeps the page unless it is too large; the oldest go first to make room. Sizes count UTF-16 units. */
  set(key: string, page: CachedPage): void {
    const size = page.body.length;
    if (size > this.limits.maxItem) return;
    this.delete(key);
    while (this.pages.size > 0 && (this.pages.size >= this.limits.maxEntries || this.bytes + size > this.limits.maxBytes)) {
      this.delete(this.pages.keys().next().value!);
    }
    this.pages.set(key, page);
    this.bytes += size;
  }

  /** Entries and their total size, for tests. */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.pages.size, bytes: this.bytes };
  }

  private delete(key: string): void {
    const old = this.pages.get(key);
    if (!old) return;
    this.bytes -= old.body.length;
    this.pages.delete(key);
  }
}
