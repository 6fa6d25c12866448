// The disk-full state of the data directory's disk. Full is a state the daemon lives through, not
// a crash: it is entered when free space drops under minFreeBytes (measured every probeMs) or when
// any writer of the data directory hits "no space" (ENOSPC, EDQUOT, ClickHouse NOT_ENOUGH_SPACE),
// and left once resumeFreeBytes are free again (hysteresis, so it does not flap at the edge).
// Listeners pause intake on entry and resume it on exit; the state is in health, /metrics, logs.
import { statfsSync } from 'node:fs';

export interface DiskGuardOptions {
  minFreeBytes: number;
  resumeFreeBytes: number;
  probeMs: number;
}

export interface DiskState {
  full: boolean;
  /** ISO time the current full episode began. */
  since: string | null;
  reason: string | null;
  freeBytes: number;
  /** Full episodes since start. */
  episodes: number;
}

export function isNoSpace(err: unknown): boolean {
  const e = err as { code?: unknown; type?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return true;
  if (e.type === 'NOT_ENOUGH_SPACE') return true;
  return typeof e.message === 'string' && /not enough space|no space left/i.test(e.message);
}

export class DiskGuard {
  private state: DiskState = { full: false, since: null, reason: null, freeBytes: -1, episodes: 0 };
  private timer: NodeJS.Timeout | undefined;
  private readonly fullListeners = new Set<(s: DiskState) => void>();
  private readonly spaceListeners = new Set<(s: DiskState) => void>();

  constructor(
    readonly dir: string,
    private readonly o: DiskGuardOptions,
    private readonly freeBytes: (dir: string) => number = measureFree,
  ) {}

  start(): void {
    this.probe();
    this.timer ??= setInterval(() => this.probe(), this.o.probeMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get full(): boolean {
    return this.state.full;
  }

  snapshot(): DiskState {
    return { ...this.state };
  }

  onFull(l: (s: DiskState) => void): void {
    this.fullListeners.add(l);
  }

  onSpace(l: (s: DiskState) => void): void {
    this.spaceListeners.add(l);
  }

  /** A write failed: enter the full state if it was for lack of space. */
  report(err: unknown, where: string): void {
    if (!isNoSpace(err)) return;
    this.enter(`${where}: ${(err as Error).message ?? String(err)}`);
  }

  probe(): void {
    let free: number;
    try {
      free = this.freeBytes(this.dir);
    } catch {
      return;
    }
    this.state.freeBytes = free;
    if (!this.state.full && free < this.o.minFreeBytes)
      this.enter(
        `${free} bytes free on the data directory's disk, under the ${this.o.minFreeBytes}-byte floor`,
      );
    else if (this.state.full && free >= Math.max(this.o.resumeFreeBytes, this.o.minFreeBytes))
      this.exit();
  }

  private enter(reason: string): void {
    if (this.state.full) return;
    this.state = {
      ...this.state,
      full: true,
      since: new Date().toISOString(),
      reason,
      episodes: this.state.episodes + 1,
    };
    for (const l of this.fullListeners) l(this.snapshot());
  }

  private exit(): void {
    this.state = { ...this.state, full: false, since: null, reason: null };
    for (const l of this.spaceListeners) l(this.snapshot());
  }
}

function measureFree(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}
