// The parser pool: small pages parse on the calling thread, PDFs, Word files and big pages in its threads, and
// both ways give the same outcome as parseDocument.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../parsers/index.js';
import { INLINE_MAX_BYTES, ParsePool, parsesInline } from '../workers/parse-pool.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const seed = readdirSync(join(FIXTURES, 'seeds')).find((f) => f.endsWith('.txt'))!;
const pdf = readdirSync(join(FIXTURES, 'generated')).find((f) => /^\d{3}_.*\.pdf$/.test(f))!;
const docx = readdirSync(join(FIXTURES, 'generated')).find((f) => /^\d{3}_[0-9a-f]+\.docx$/.test(f))!;
const bytesOf = (...p: string[]) => new Uint8Array(readFileSync(join(FIXTURES, ...p)));

describe('ParsePool', () => {
  const pool = new ParsePool(1);
  afterAll(() => pool.close());

  it('keeps small text and HTML on the calling thread and sends the rest to its threads', () => {
    const text = bytesOf('seeds', seed);
    expect(parsesInline({ bytes: text })).toBe(true);
    expect(parsesInline({ bytes: new TextEncoder().encode('<html><body><table><tr><td>1</td></tr></table></body></html>') })).toBe(true);
    expect(parsesInline({ bytes: bytesOf('generated', pdf) })).toBe(false);
    expect(parsesInline({ bytes: bytesOf('generated', docx) })).toBe(false);
    const big = new TextEncoder().encode('<html><body>' + '<p>x</p>'.repeat(INLINE_MAX_BYTES / 8) + '</body></html>');
    expect(parsesInline({ bytes: big })).toBe(false);
  });

  it('starts a thread only when a document needs one', async () => {
    const lazy = new ParsePool(2);
    try {
      await lazy.parse({ bytes: bytesOf('seeds', seed) });
      expect(lazy.threads).toBe(0);
      await lazy.parse({ bytes: bytesOf('generated', pdf) });
      expect(lazy.threads).toBe(1);
    } finally {
      await lazy.close();
    }
  });

  it('gives what parseDocument gives, on either path', async () => {
    for (const bytes of [bytesOf('seeds', seed), bytesOf('generated', pdf)]) {
      const [pooled, direct] = await Promise.all([pool.parse({ bytes }), parseDocument({ bytes })]);
      expect(pooled.ok).toBe(true);
      expect(pooled).toEqual(direct);
    }
  });
});
