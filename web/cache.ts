// Results that read every report (national aggregates, the home page's counts), kept while the data stays the same:
// an entry is good for the data version (db/explorer.ts dataVersion) it was computed at. Bounded, oldest out first.
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: Promise<T> }>();
  constructor(private readonly max = 200) {}

  get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    // A failed computation is not kept.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
