// Running the real `gongkai` command line in a child process, as a user would.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The built command (test/global-setup.ts builds dist/ before the tests run), as `node` runs it. */
export const GONGKAI = path.join(ROOT, 'dist/scripts/gongkai.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `gongkai ...args` from the repository root; `env` is laid over this process's environment (undefined unsets). */
export function runGongkai(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GONGKAI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
