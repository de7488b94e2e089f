// Before any test file runs: dist/ is built from the current sources, so every CLI test runs `gongkai` as users do
// (the compiled bin, `node dist/scripts/gongkai.js`) — a clean clone's `npm ci` has built it already, and a source
// changed since the last build is rebuilt here, once, instead of being tested as stale JavaScript.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

function stale(): boolean {
  const stamp = path.join(ROOT, 'dist/.tsbuildinfo');
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const { include } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
    include: string[];
  };
  return include.some(
    (dir) =>
      fs.existsSync(path.join(ROOT, dir)) &&
      fs
        .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
        .some((e) => e.isFile() && fs.statSync(path.join(e.parentPath, e.name)).mtimeMs > built),
  );
}

export default function setup(): void {
  if (!stale()) return;
  // tsc exits 2 when it emitted despite type errors (work in progress elsewhere); `npm run typecheck` reports those.
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (tsc.status !== 0 && tsc.status !== 2) throw new Error(`build failed: ${tsc.stdout}${tsc.stderr}`);
  const assets = spawnSync(process.execPath, ['scripts/build/copy-assets.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (assets.status !== 0) throw new Error(`build failed: ${assets.stdout}${assets.stderr}`);
}
