// A pool of parser processes: every PDF, Word file and big page is parsed in a child process that the pool can
// kill. A parse that outlives its wall-clock budget, grows past the memory ceiling or crashes the child (a V8
// fatal error, heap exhaustion) ends as that document's failure — `timeout`, `too_large` or `crashed` — and the
// child is replaced on the next parse; the worker process and its other jobs never notice. Worker threads were
// not enough: pdf.js holds a thread's event loop so its own 60 s budget cannot fire, and a V8 fatal error in a
// thread takes the whole process down. Small pages parse on the calling thread: a millisecond or two, less than
// the hop to a process and back, and the HTML front end bounds their work before it builds anything large.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { settings } from '../config/settings.js';
import { parseDocument } from '../parsers/index.js';
import type { ParseInput, ParseOutcome } from '../parsers/types.js';

import { parsesInline } from './parse-inline.js';

export { INLINE_MAX_BYTES, parsesInline } from './parse-inline.js';

export interface ParseLimits {
  /** Wall-clock budget of one parse, enforced from outside: the parser process is killed when it runs out. */
  budgetMs: number;
  /** Resident memory ceiling of one parser process, in MiB: watched, and the process killed past it. */
  maxRssMiB: number;
  /** Added to the budget per page when a document turns out to be a scan read by OCR (default 30 s a page). */
  ocrBudgetMsPerPage?: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { budgetMs: 60_000, maxRssMiB: 768 };
const OCR_BUDGET_MS_PER_PAGE = 30_000;

/** The limits this process's settings give (GONGKAI_PARSE_BUDGET_MS, GONGKAI_PARSE_MAX_RSS_MIB). */
export function configuredParseLimits(): ParseLimits {
  const s = settings();
  return { budgetMs: s.parseBudgetMs, maxRssMiB: s.parseMaxRssMiB };
}

/** How often a busy parser process's RSS is read. */
const RSS_POLL_MS = 100;
/** A parser process that has not loaded the parsers in this long is stuck (its document fails as `crashed`). */
const BOOT_MS = 120_000;

export interface ParseStats {
  ms: number;
  /** Highest RSS of the parser process seen during the parse (0 for an inline parse), in MiB. */
  peakRssMiB: number;
}

interface Task {
  input: ParseInput;
  resolve: (r: { outcome: ParseOutcome; stats: ParseStats }) => void;
}

interface Slot {
  child: ChildProcess;
  task?: Task;
  started: number;
  /** This parse's wall-clock budget (the pool's, plus the OCR allowance once a scan is reported). */
  budgetMs: number;
  peakRssMiB: number;
  /** Why the pool killed the child, when it did. */
  killedFor?: 'timeout' | 'memory' | 'boot';
  timer?: NodeJS.Timeout;
  poll?: NodeJS.Timeout;
  stderrTail: string;
  /** The child has loaded the parsers: a document's budget starts when it gets the document, not at the fork. */
  ready: boolean;
}

/** RSS of a process in MiB, from /proc (Linux); 0 where it cannot be read. */
function rssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / 1024 / 1024;
  } catch {
    return 0;
  }
}

/** Parser processes start on first use (a crawl of HTML pages never needs one); a dead one is replaced on the next. */
export class ParsePool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Task[] = [];
  private closed = false;
  private peak = 0;

  constructor(
    readonly size = Math.max(1, Math.min(2, os.cpus().length)),
    readonly limits: ParseLimits = configuredParseLimits(),
  ) {
    this.slots = new Array<Slot | undefined>(size);
  }

  /** Parser processes running now (started on demand, at most `size`). */
  get processes(): number {
    return this.slots.filter(Boolean).length;
  }

  /** The highest RSS any of its parser processes reached, in MiB (the memory ceiling's evidence). */
  get peakRssMiB(): number {
    return this.peak;
  }

  /** Parse one document; never rejects while the pool is open. */
  async parse(input: ParseInput): Promise<ParseOutcome> {
    return (await this.parseWithStats(input)).outcome;
  }

  /** The outcome with the parse's wall time and the parser process's peak RSS (benchmarks, hostile tests). */
  parseWithStats(input: ParseInput): Promise<{ outcome: ParseOutcome; stats: ParseStats }> {
    if (this.closed) return Promise.reject(new Error('parse pool is closed'));
    if (parsesInline(input)) {
      const started = performance.now();
      return parseDocument(input).then((outcome) => ({
        outcome,
        stats: { ms: performance.now() - started, peakRssMiB: 0 },
      }));
    }
    return new Promise((resolve) => {
      this.queue.push({ input, resolve });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (let i = 0; i < this.size && this.queue.length > 0; i++) {
      const slot = this.slots[i];
      if (slot?.task) continue;
      this.run(slot ?? this.spawn(i), this.queue.shift()!);
    }
  }

  private spawn(index: number): Slot {
    const fromTs = import.meta.url.endsWith('.ts');
    const entry = new URL(fromTs ? './parse-process.ts' : './parse-process.js', import.meta.url);
    const child = fork(entry, [], {
      execArgv: [...(fromTs ? ['--import', 'tsx'] : []), `--max-old-space-size=${this.limits.maxRssMiB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const slot: Slot = {
      child,
      started: 0,
      budgetMs: this.limits.budgetMs,
      peakRssMiB: 0,
      stderrTail: '',
      ready: false,
    };
    this.slots[index] = slot;
    child.stderr?.on('data', (chunk: Buffer) => {
      slot.stderrTail = (slot.stderrTail + chunk.toString('utf8')).slice(-4096);
    });
    child.on('message', (msg: { outcome?: ParseOutcome; ocrPages?: number; ready?: boolean }) => {
      if (msg.ready) {
        slot.ready = true;
        if (slot.task) this.start(slot);
      } else if (msg.ocrPages !== undefined) this.extendForOcr(slot, msg.ocrPages);
      else if (msg.outcome) this.finish(index, slot, msg.outcome);
    });
    child.on('exit', (code, signal) => this.finish(index, slot, this.deathOutcome(slot, code, signal), true));
    child.on('error', () => undefined); // an 'exit' follows; a send to a dead child lands here
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    return slot;
  }

  private run(slot: Slot, task: Task): void {
    slot.task = task;
    slot.started = performance.now();
    slot.budgetMs = this.limits.budgetMs;
    slot.peakRssMiB = rssMiB(slot.child.pid);
    slot.killedFor = undefined;
    slot.child.ref();
    slot.poll = setInterval(() => {
      slot.peakRssMiB = Math.max(slot.peakRssMiB, rssMiB(slot.child.pid));
      if (slot.peakRssMiB > this.limits.maxRssMiB) this.kill(slot, 'memory');
    }, RSS_POLL_MS);
    // A new child loads the parsers first (seconds on a loaded machine): the document's budget starts when it is ready.
    if (slot.ready) this.start(slot);
    else slot.timer = setTimeout(() => this.kill(slot, 'boot'), BOOT_MS);
  }

  /** Send the slot's document to its ready child; its budget runs from now. */
  private start(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.started = performance.now();
    slot.timer = setTimeout(() => this.kill(slot, 'timeout'), this.limits.budgetMs);
    slot.child.send({ input: slot.task!.input });
  }

  /** A scan read by OCR: the budget grows by the pages' OCR allowance, counted from the parse's start. */
  private extendForOcr(slot: Slot, pages: number): void {
    if (!slot.task) return;
    clearTimeout(slot.timer);
    slot.budgetMs = this.limits.budgetMs + pages * (this.limits.ocrBudgetMsPerPage ?? OCR_BUDGET_MS_PER_PAGE);
    const left = slot.started + slot.budgetMs - performance.now();
    slot.timer = setTimeout(() => this.kill(slot, 'timeout'), Math.max(0, left));
  }

  private kill(slot: Slot, reason: 'timeout' | 'memory' | 'boot'): void {
    slot.killedFor = reason;
    slot.child.kill('SIGKILL');
  }

  private deathOutcome(slot: Slot, code: number | null, signal: NodeJS.Signals | null): ParseOutcome {
    const seconds = slot.budgetMs / 1000;
    if (slot.killedFor === 'timeout') {
      return {
        ok: false,
        error: { code: 'timeout', message: `parsing did not finish within its ${seconds}-s budget and was stopped` },
      };
    }
    if (slot.killedFor === 'memory' || /heap out of memory|Allocation failed/i.test(slot.stderrTail)) {
      return {
        ok: false,
        error: {
          code: 'too_large',
          message: `parsing needed more than the ${this.limits.maxRssMiB}-MiB memory ceiling and was stopped`,
        },
      };
    }
    if (slot.killedFor === 'boot') {
      return {
        ok: false,
        error: { code: 'crashed', message: `the parser process did not start within ${BOOT_MS / 1000} s` },
      };
    }
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    return { ok: false, error: { code: 'crashed', message: `the parser process crashed on this document (${how})` } };
  }

  private finish(index: number, slot: Slot, outcome: ParseOutcome, dead = false): void {
    clearTimeout(slot.timer);
    clearInterval(slot.poll);
    if (dead && this.slots[index] === slot) this.slots[index] = undefined;
    const task = slot.task;
    slot.task = undefined;
    if (!dead) slot.child.unref();
    if (task) {
      slot.peakRssMiB = Math.max(slot.peakRssMiB, dead ? 0 : rssMiB(slot.child.pid));
      this.peak = Math.max(this.peak, slot.peakRssMiB);
      task.resolve({ outcome, stats: { ms: performance.now() - slot.started, peakRssMiB: slot.peakRssMiB } });
    }
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      task.resolve({
        outcome: {
          ok: false,
          error: { code: 'timeout', message: 'the parser pool was closed before this document was parsed' },
        },
        stats: { ms: 0, peakRssMiB: 0 },
      });
    }
    await Promise.all(
      this.slots.map((slot) => {
        if (!slot || slot.child.exitCode !== null || slot.child.signalCode !== null) return undefined;
        return new Promise<void>((resolve) => {
          slot.child.once('exit', () => resolve());
          slot.child.ref(); // an idle child is unref'd: without this its 'exit' may never come to an idle process
          slot.child.kill('SIGKILL');
        });
      }),
    );
  }
}
