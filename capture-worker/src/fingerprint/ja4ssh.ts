// JA4SSH — SSH session shape (spec §8), following the Rust reference: windows of N SSH packets
// (both directions, default 200); the unfinished last window is emitted at finish(); a window
// without any SSH packet yields nothing.
// License: JA4SSH is part of JA4+, FoxIO License 1.1 (non-commercial; see docs/fingerprints.md).

export type SshSender = 'client' | 'server';

export const DEFAULT_JA4SSH_WINDOW = 200;

/** Mode of a length histogram; ties go to the smallest length; empty -> 0. */
function mode(counts: Map<number, number>): number {
  let best = 0;
  let bestCount = 0;
  for (const [len, n] of counts) {
    if (n > bestCount || (n === bestCount && len < best)) {
      best = len;
      bestCount = n;
    }
  }
  return best;
}

export class Ja4SshAccumulator {
  private readonly window: number;
  private clientLens = new Map<number, number>();
  private serverLens = new Map<number, number>();
  private clientPackets = 0;
  private serverPackets = 0;
  private clientAcks = 0;
  private serverAcks = 0;
  /** Every value emitted so far, in order. */
  readonly values: string[] = [];

  constructor(opts: { windowSize?: number } = {}) {
    this.window = Math.max(1, Math.floor(opts.windowSize ?? DEFAULT_JA4SSH_WINDOW));
  }

  /**
   * Feed one TCP packet of the connection. `payloadLength > 0` marks an SSH packet (a segment
   * tshark's SSH dissector sees, counted by its TCP length; the engine decides which, see
   * ssh/segment-model.ts); pass 0 for any other packet, which counts only when `isBareAck`
   * (flags exactly ACK, with or without payload). Returns the value when this packet completes
   * a window.
   */
  push(sender: SshSender, payloadLength: number, isBareAck: boolean): string | undefined {
    if (payloadLength > 0) {
      const m = sender === 'client' ? this.clientLens : this.serverLens;
      m.set(payloadLength, (m.get(payloadLength) ?? 0) + 1);
      if (sender === 'client') this.clientPackets++;
      else this.serverPackets++;
      if (this.clientPackets + this.serverPackets === this.window) return this.emit();
    } else if (isBareAck) {
      if (sender === 'client') this.clientAcks++;
      else this.serverAcks++;
    }
    return undefined;
  }

  /** Emits the unfinished window (if it holds any SSH packet) and returns all values. */
  finish(): string[] {
    this.emit();
    return this.values;
  }

  private emit(): string | undefined {
    let value: string | undefined;
    if (this.clientPackets + this.serverPackets > 0) {
      value = `c${mode(this.clientLens)}s${mode(this.serverLens)}_c${this.clientPackets}s${this.serverPackets}_c${this.clientAcks}s${this.serverAcks}`;
      this.values.push(value);
    }
    this.clientLens = new Map();
    this.serverLens = new Map();
    this.clientPackets = this.serverPackets = this.clientAcks = this.serverAcks = 0;
    return value;
  }
}
