// Wall time and resident-memory growth of one async piece of work (RSS sampled every 10 ms while it runs).

export interface Measured<T> {
  value: T;
  ms: number;
  /** Highest RSS seen during the work minus the RSS just before it, in MiB. */
  peakGrowthMiB: number;
}

export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms, peakGrowthMiB: (peak - before) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** A one-line, human error message: non-empty, no line breaks, not absurdly long. */
export function isOneLine(message: string): boolean {
  return message.trim().length > 0 && !/[\r\n]/.test(message) && message.length <= 400;
}
