// The generated migrations are committed; they must match what db/generate-migrations.ts makes from
// parsers/schema.ts today (otherwise: npx tsx db/generate-migrations.ts).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../../db/generate-migrations.js';
import { canonicalCellKeys, wideColumnName } from '../../db/keys.js';
import { readMigrations } from '../../db/migrate.js';

describe('generated migrations', () => {
  it('match the generator', () => {
    for (const [file, make] of Object.entries(GENERATED)) {
      expect(fs.readFileSync(new URL(`../../db/migrations/${file}`, import.meta.url), 'utf8'), file).toBe(make());
    }
  });

  it('cover both templates with unique wide column names', () => {
    const keys = canonicalCellKeys();
    const requests = keys.filter((k) => k.table === 'requests').map(wideColumnName);
    expect(requests).toContain('new_received_total');
    expect(requests).toContain('denied_state_secret_natural_person');
    expect(requests).toContain('other_total'); // 2019
    expect(requests).toContain('other_overdue_correction_total'); // 2021
    expect(requests.length).toBe(26 * 7);
    const active = keys.filter((k) => k.table === 'active').map(wideColumnName);
    expect(active).toEqual(
      expect.arrayContaining([
        'regulations_issued',
        'regulations_made',
        'fees_amount_10k_yuan',
        'procurement_amount_yuan',
      ]),
    );
    expect(keys.filter((k) => k.table === 'review').length).toBe(15);
    expect(new Set(keys.map((k) => `${k.table}.${wideColumnName(k)}`)).size).toBe(keys.length);
  });

  it('are numbered without gaps', () => {
    const versions = readMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(
      readMigrations()
        .slice(0, 5)
        .map((m) => m.name),
    ).toEqual(['schema', 'cell_keys', 'views', 'wide_views', 'load_functions']);
  });
});
