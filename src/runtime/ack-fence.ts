/**
 * The acknowledgement fence of PostgreSQL writes (see ./invalidation.ts): a write returns once
 * every other server process has acknowledged its invalidation, or after `timeoutMs`.
 *
 * A process that misses an acknowledgement (it hangs, is frozen, or died without closing its
 * connection) is *silent*: it is left out of every later fence until it acknowledges anything
 * again, and the writes already waiting for it stop waiting for it at the same moment. So a
 * stuck process costs the writes of one timeout, not every write after it.
 */

interface Wait {
  missing: Set<number>;
  end(): void;
  done: Promise<void>;
}

export class AckFence {
  private readonly waits = new Map<string, Wait>();
  private readonly silentPids = new Set<number>();

  /**
   * @param timeoutMs the longest a write waits.
   * @param onSilent told when a process is left out, and when it is heard again.
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly onSilent: (pid: number, silent: boolean) => void = () => {},
  ) {}

  /** Processes currently left out of the fence. */
  get silent(): ReadonlySet<number> {
    return this.silentPids;
  }

  /** Starts waiting for `pids`' acknowledgements of `token` (the silent ones excepted). */
  arm(token: string, pids: Iterable<number>): void {
    const missing = new Set<number>();
    for (const pid of pids) if (!this.silentPids.has(pid)) missing.add(pid);
    if (!missing.size) return;
    let end!: () => void;
    const done = new Promise<void>((resolve) => {
      end = () => {
        clearTimeout(timer);
        this.waits.delete(token);
        resolve();
      };
    });
    const timer = setTimeout(() => this.timedOut(token), this.timeoutMs);
    this.waits.set(token, { missing, end, done });
  }

  /** `pid` acknowledged `token` (any token: it is alive and listening). */
  ack(token: string, pid: number): void {
    if (this.silentPids.delete(pid)) this.onSilent(pid, false);
    const w = this.waits.get(token);
    if (w && w.missing.delete(pid) && !w.missing.size) w.end();
  }

  /** What the write of `token` waits on (resolved at once when it waits on nobody). */
  done(token: string): Promise<void> | undefined {
    return this.waits.get(token)?.done;
  }

  /** Stops waiting for `token` (its write rolled back). */
  end(token: string): void {
    this.waits.get(token)?.end();
  }

  /** Stops every wait (this process can no longer hear acknowledgements). */
  endAll(): void {
    for (const w of [...this.waits.values()]) w.end();
  }

  private timedOut(token: string): void {
    const w = this.waits.get(token);
    if (!w) return;
    for (const pid of w.missing) {
      if (!this.silentPids.has(pid)) {
        this.silentPids.add(pid);
        this.onSilent(pid, true);
      }
    }
    w.end();
    // Every other write waiting for a process now silent stops waiting for it.
    for (const other of [...this.waits.values()]) {
      for (const pid of this.silentPids) other.missing.delete(pid);
      if (!other.missing.size) other.end();
    }
  }
}
