// JA4L / JA4LS — client and server one-way latency with TTL (spec §7), in the Rust two-part form
// `<µs>_<ttl>` (the oracle per spec §12).
// License: JA4L and JA4LS are part of JA4+, FoxIO License 1.1 (non-commercial; see docs/fingerprints.md).

export interface Ja4lResult {
  ja4l_c: string;
  ja4l_s: string;
}

export interface TcpHandshakeTimes {
  /** A: client SYN (µs). */
  synUs: number;
  /** B: server SYN-ACK (µs). */
  synAckUs: number;
  /** C: client's first packet after B with only ACK set (µs). */
  ackUs: number;
  /** IPv4 TTL / IPv6 hop limit of the SYN. */
  clientTtl: number;
  /** IPv4 TTL / IPv6 hop limit of the SYN-ACK. */
  serverTtl: number;
}

// Rust divides i64 microseconds by 2 (truncation towards zero).
const half = (us: number): number => Math.trunc(us / 2);

export function ja4lTcp(t: TcpHandshakeTimes): Ja4lResult {
  return {
    ja4l_c: `${half(t.ackUs - t.synAckUs)}_${t.clientTtl}`,
    ja4l_s: `${half(t.synAckUs - t.synUs)}_${t.serverTtl}`,
  };
}

export interface QuicHandshakeTimes {
  /** A: first client Initial. */
  clientInitialUs: number;
  /** B: first server Initial. */
  serverInitialUs: number;
  /** C: last server Handshake packet before D. */
  serverHandshakeUs: number;
  /** D: first client Handshake packet. */
  clientHandshakeUs: number;
  clientTtl: number;
  serverTtl: number;
}

export function ja4lQuic(t: QuicHandshakeTimes): Ja4lResult {
  return {
    ja4l_c: `${half(t.clientHandshakeUs - t.serverHandshakeUs)}_${t.clientTtl}`,
    ja4l_s: `${half(t.serverInitialUs - t.clientInitialUs)}_${t.serverTtl}`,
  };
}

const SYN = 0x02;
const ACK = 0x10;

/**
 * The packet choice of the Rust reference (as its snapshots show) as a small pure state machine:
 * feed every packet of one connection, both directions, in capture order (TCP flags, time, TTL).
 * A is the first packet with SYN and no ACK, B the next with SYN and ACK, C the next packet
 * with ACK and no SYN, whichever side sent it.
 */
export class Ja4lTcpTracker {
  private a: number | undefined;
  private b: number | undefined;
  private clientTtl = 0;
  private serverTtl = 0;
  private result: Ja4lResult | undefined;

  push(flags: number, timeUs: number, ttl: number): void {
    if (this.result) return;
    const syn = (flags & SYN) !== 0;
    const ack = (flags & ACK) !== 0;
    if (this.a === undefined) {
      if (syn && !ack) {
        this.a = timeUs;
        this.clientTtl = ttl;
      }
    } else if (this.b === undefined) {
      if (syn && ack) {
        this.b = timeUs;
        this.serverTtl = ttl;
      }
    } else if (ack && !syn) {
      this.result = ja4lTcp({
        synUs: this.a,
        synAckUs: this.b,
        ackUs: timeUs,
        clientTtl: this.clientTtl,
        serverTtl: this.serverTtl,
      });
    }
  }

  get value(): Ja4lResult | undefined {
    return this.result;
  }
}
