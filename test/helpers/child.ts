// A child process that prints "ready" once it is set up: when it is ready, and its whole output once it exits 0
// (each rejects with the output when the child dies first or fails).
import type { ChildProcess } from 'node:child_process';

export interface WatchedChild {
  ready: Promise<void>;
  done: Promise<string>;
}

export function watchChild(child: ChildProcess, what: string): WatchedChild {
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => out.includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready: ${out}`)));
  });
  const done = new Promise<string>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${what} exited with ${code}: ${out}`)))),
  );
  done.catch(() => {}); // reported through `ready` when the child dies early
  return { ready, done };
}
