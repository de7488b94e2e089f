// Second step of `npm run build` (after tsc). The built modules read some files next to themselves at run time
// (db/migrations/*.sql, web/assets/*), so every other file of the compiled folders is copied beside them; files
// whose source is gone are removed (a renamed migration must not linger in dist/ and be applied); and the bin is
// made executable (npm does that when it links a bin, not for `dist/scripts/gongkai.js` run from a clone).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { include, compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));
const outDir = path.join(root, compilerOptions.outDir);
const thisFolder = path.relative(root, path.dirname(fileURLToPath(import.meta.url)));

const files = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    : [];

let copied = 0;
for (const top of include) {
  for (const rel of files(path.join(root, top))) {
    const file = path.join(top, rel);
    if (file.endsWith('.ts') || file.startsWith(thisFolder + path.sep)) continue;
    fs.mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(outDir, file));
    copied++;
  }
}

let removed = 0;
for (const top of include) {
  for (const rel of files(path.join(outDir, top))) {
    const file = path.join(top, rel);
    const sources = file.endsWith('.js') ? [file, file.replace(/\.js$/, '.ts')] : [file];
    if (sources.some((s) => fs.existsSync(path.join(root, s)))) continue;
    fs.rmSync(path.join(outDir, file));
    removed++;
  }
}

fs.chmodSync(path.join(outDir, 'scripts', 'gongkai.js'), 0o755);
console.log(`build: ${copied} asset files copied to dist/, ${removed} stale files removed`);
