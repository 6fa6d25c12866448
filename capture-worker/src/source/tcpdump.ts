// tcpdump as a packet source: `tcpdump -U --immediate-mode -w -` writes pcap (nanosecond
// timestamps) to a pipe that the project's streaming parser reads. No native addon; tcpdump
// opens the interface with the kernel's capture timestamps and, when we run as root, drops to an
// unprivileged user (-Z) right after. Kernel drop counts come from its pcap_stats summary, asked
// for with SIGUSR1 on every stats tick and printed once more when it exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AppError, errorMessage } from '../../../common/util/errors.js';
import { CaptureStreamParser } from '../pcap/stream-parser.js';
import { IfaceDropCounter } from './netdev.js';
import { classifyOpenError } from './open-error.js';
import {
  applyTcpdumpStatsLine,
  emptyTcpdumpCounters,
  linkTypeFromTcpdumpLine,
} from './tcpdump-stats.js';
import type {
  CaptureOptions,
  PacketSource,
  SourceCounters,
  SourceHandlers,
  SourceInfo,
} from './types.js';

export function tcpdumpArgs(o: CaptureOptions): string[] {
  const args = [
    '-i',
    o.iface,
    '-n',
    '-U',
    '--immediate-mode',
    '-w',
    '-',
    '--time-stamp-precision=nano',
  ];
  args.push('-s', String(o.snaplen), '-B', String(Math.max(1, Math.ceil(o.bufferBytes / 1024))));
  if (!o.promisc) args.push('-p');
  if (o.dropUser !== undefined && o.dropUser.length > 0) args.push('-Z', o.dropUser);
  args.push('--', o.filter);
  return args;
}

const STOP_GRACE_MS = 3000;

export class TcpdumpSource implements PacketSource {
  readonly name = 'tcpdump' as const;
  private child: ChildProcess | undefined;
  private readonly stats = emptyTcpdumpCounters();
  private readonly drops: IfaceDropCounter;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly opts: CaptureOptions) {
    this.drops = new IfaceDropCounter(opts.iface);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(h: SourceHandlers): Promise<SourceInfo> {
    const bin = this.opts.tcpdumpPath ?? 'tcpdump';
    const child = spawn(bin, tcpdumpArgs(this.opts), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const parser = new CaptureStreamParser((p) => h.packet(p));
    let parseFailed = false;
    let stdoutEnded = false;
    let exitCode: number | null = null;
    const stderrTail: string[] = [];

    return new Promise<SourceInfo>((resolve, reject) => {
      let opened = false;
      const finish = (): void => {
        if (!stdoutEnded || exitCode === null) return;
        if (!opened) {
          reject(
            classifyOpenError(
              stderrTail.join(' ') || `tcpdump exited with code ${exitCode}`,
              this.opts,
              'tcpdump',
            ),
          );
          return;
        }
        let err: Error | undefined;
        if (!parseFailed) {
          try {
            parser.end();
          } catch (e) {
            // SIGTERM can cut tcpdump mid-record; that tail is not a decoding error worth failing on.
            if (!this.stopping) err = e as Error;
          }
        }
        if (!this.stopping && err === undefined) {
          err = new AppError(
            'capture.tcpdump_exited',
            `tcpdump exited unexpectedly (code ${exitCode}): ${stderrTail.slice(-3).join(' ')}`,
            {
              exitCode,
            },
          );
        }
        h.end(err);
      };
      this.exited = new Promise<void>((res) => {
        child.on('close', (code, signal) => {
          exitCode = code ?? (signal ? 128 : -1);
          stdoutEnded = true;
          finish();
          res();
        });
      });
      child.on('error', (err) => {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ENOENT') {
          reject(
            new AppError(
              'capture.tcpdump_missing',
              `the packet source "tcpdump" needs ${bin}, which was not found (apt-get install tcpdump)`,
              {
                bin,
              },
            ),
          );
        } else {
          reject(
            new AppError('capture.tcpdump_spawn', `cannot start ${bin}: ${errorMessage(err)}`, {
              bin,
            }),
          );
        }
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        if (parseFailed) return;
        try {
          parser.push(chunk);
        } catch (e) {
          parseFailed = true;
          h.warn(
            'capture.tcpdump_stream',
            `tcpdump output could not be parsed: ${errorMessage(e)}`,
          );
          child.kill('SIGTERM');
        }
      });
      createInterface({ input: child.stderr! }).on('line', (line) => {
        if (applyTcpdumpStatsLine(this.stats, line)) return;
        const lt = linkTypeFromTcpdumpLine(line);
        if (!opened && lt !== undefined && /listening on/.test(line)) {
          opened = true;
          const notes: string[] = [];
          if (this.opts.dropUser)
            notes.push(
              `tcpdump: drops privileges to user ${this.opts.dropUser} after opening ${this.opts.iface}`,
            );
          resolve({
            linkType: lt,
            timestamps: 'nanosecond',
            promiscActual: this.opts.promisc,
            snaplen: this.opts.snaplen,
            notes,
          });
          return;
        }
        if (/^tcpdump: (listening on|verbose output suppressed)/.test(line)) return;
        stderrTail.push(line.trim());
        if (stderrTail.length > 10) stderrTail.shift();
        if (opened) h.warn('capture.tcpdump_stderr', `tcpdump: ${line.trim()}`);
      });
    });
  }

  counters(): SourceCounters {
    // Ask for a fresh summary; it lands on stderr and shows in the next call.
    if (this.child && this.child.exitCode === null && !this.stopping) {
      try {
        this.child.kill('SIGUSR1');
      } catch {
        // After -Z the child may belong to another user when we are not root; keep the last figures.
      }
    }
    const ifd = this.stats.ifaceDrops;
    const procDrops = this.drops.read();
    return {
      kernelReceived: this.stats.received,
      kernelDrops: this.stats.kernelDrops,
      ifaceDrops: ifd !== null && ifd > 0 ? ifd : procDrops,
    };
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.exited;
    this.stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
