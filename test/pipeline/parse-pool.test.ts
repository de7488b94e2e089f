// The parser pool: small pages parse on the calling thread, PDFs, Word files and big pages in its processes, and
// both ways give the same outcome as parseDocument.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../parsers/index.js';
import { INLINE_MAX_BYTES, ParsePool, parsesInline } from '../../workers/parse-pool.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const seed = readdirSync(join(FIXTURES, 'seeds')).find((f) => f.endsWith('.txt'))!;
const pdf = readdirSync(join(FIXTURES, 'generated')).find((f) => /^\d{3}_.*\.pdf$/.test(f))!;
const docx = readdirSync(join(FIXTURES, 'generated')).find((f) => /^\d{3}_[0-9a-f]+\.docx$/.test(f))!;
const bytesOf = (...p: string[]) => new Uint8Array(readFileSync(join(FIXTURES, ...p)));

describe('ParsePool', () => {
  const pool = new ParsePool(1);
  afterAll(() => pool.close());

  it('keeps small text and HTML on the calling thread and sends the rest to its processes', () => {
    const text = bytesOf('seeds', seed);
    expect(parsesInline({ bytes: text })).toBe(true);
    expect(
      parsesInline({ bytes: new TextEncoder().encode('<html><body><table><tr><td>1</td></tr></table></body></html>') }),
    ).toBe(true);
    expect(parsesInline({ bytes: bytesOf('generated', pdf) })).toBe(false);
    expect(parsesInline({ bytes: bytesOf('generated', docx) })).toBe(false);
    const big = new TextEncoder().encode('<html><body>' + '<p>x</p>'.repeat(INLINE_MAX_BYTES / 8) + '</body></html>');
    expect(parsesInline({ bytes: big })).toBe(false);
  });

  it('starts a process only when a document needs one', async () => {
    const lazy = new ParsePool(2);
    try {
      await lazy.parse({ bytes: bytesOf('seeds', seed) });
      expect(lazy.processes).toBe(0);
      await lazy.parse({ bytes: bytesOf('generated', pdf) });
      expect(lazy.processes).toBe(1);
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

  it('stops a parse that runs past its budget, and the next parse gets a fresh process', async () => {
    const tight = new ParsePool(1, { budgetMs: 30, maxRssMiB: 768 });
    try {
      const slow = await tight.parse({ bytes: bytesOf('generated', pdf) });
      expect(slow).toEqual({
        ok: false,
        error: { code: 'timeout', message: 'parsing did not finish within its 0.03-s budget and was stopped' },
      });
      expect(tight.processes).toBe(0);
    } finally {
      await tight.close();
    }
  });

  it('stops a parse past the memory ceiling', async () => {
    const small = new ParsePool(1, { budgetMs: 60_000, maxRssMiB: 40 });
    try {
      const out = await small.parse({ bytes: bytesOf('generated', pdf) });
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.code).toBe('too_large');
    } finally {
      await small.close();
    }
  });

  it('a parser process that dies mid-parse fails only that document', async () => {
    const p = new ParsePool(1);
    try {
      const pending = p.parse({ bytes: bytesOf('generated', pdf) });
      // The child is forked synchronously by parse(); kill it as a crash would.
      const child = (p as unknown as { slots: { child: { kill(s: string): void } }[] }).slots[0].child;
      child.kill('SIGSEGV');
      const out = await pending;
      expect(out.ok).toBe(false);
      if (!out.ok)
        expect(out.error).toEqual({
          code: 'crashed',
          message: 'the parser process crashed on this document (signal SIGSEGV)',
        });
      expect((await p.parse({ bytes: bytesOf('generated', pdf) })).ok).toBe(true);
    } finally {
      await p.close();
    }
  });
});
