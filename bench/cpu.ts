// CPU time of local processes from /proc (Linux): what the benchmarks use to say where the machine's cores went,
// beside wall-clock rates that depend on whatever else the machine is doing.
import fs from 'node:fs';
import pg from 'pg';

/** utime + stime of a process in CPU seconds, or null when it is gone (or this is not Linux). */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ = 100
  } catch {
    return null;
  }
}

/** Pids of the processes whose command name (comm) is `name`. */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * CPU used by the PostgreSQL server processes serving one database, sampled while they live (a backend's time is
 * lost from its last sample to its exit, so sample often), and by the local Redis server over the same period.
 */
export class ServerCpuSampler {
  private readonly pgSeconds = new Map<number, { first: number; last: number }>();
  private readonly redisStart = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private admin: pg.Client | null = null;

  constructor(
    private readonly adminUrl: string,
    private readonly database: string,
  ) {}

  async start(everyMs = 250): Promise<void> {
    this.admin = new pg.Client({ connectionString: this.adminUrl, application_name: 'gongkai-bench-sampler' });
    await this.admin.connect();
    for (const pid of pidsNamed('redis-server')) this.redisStart.set(pid, cpuSecondsOf(pid) ?? 0);
    await this.sample();
    this.timer = setInterval(() => void this.sample().catch(() => {}), everyMs);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.admin!.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
      this.database,
    ]);
    for (const { pid } of rows) {
      const s = cpuSecondsOf(pid);
      if (s === null) continue;
      const seen = this.pgSeconds.get(pid);
      if (seen) seen.last = s;
      else this.pgSeconds.set(pid, { first: s, last: s });
    }
  }

  async stop(): Promise<{ postgresSeconds: number; redisSeconds: number }> {
    if (this.timer) clearInterval(this.timer);
    await this.sample().catch(() => {});
    await this.admin?.end();
    let postgresSeconds = 0;
    for (const { first, last } of this.pgSeconds.values()) postgresSeconds += last - first;
    let redisSeconds = 0;
    for (const [pid, start] of this.redisStart) redisSeconds += (cpuSecondsOf(pid) ?? start) - start;
    return { postgresSeconds, redisSeconds };
  }
}
