// JA4T / JA4TS — TCP SYN and SYN-ACK fingerprints (spec §6).
// License: JA4T and JA4TS are part of JA4+, FoxIO License 1.1 (non-commercial; see docs/fingerprints.md).
//
// Format of missing values: the oracle differs per field (spec §12). JA4T follows the Rust
// snapshots: no options -> empty, missing MSS / window scale -> 0 (`8192__0_0`). JA4TS follows the
// Wireshark plugin (Rust has no JA4TS): `00` placeholders for no options / no MSS / no scale (`8192_00_00_00`,
// `…_1440_00`), plus the optional retransmission part. Either format is selectable.

export interface TcpSynFields {
  /** Raw 16-bit window field (unscaled). */
  window: number;
  /** Option kinds in wire order, NOP (1) and EOL (0) included. */
  optionKinds: readonly number[];
  /** MSS option value, if present. */
  mss?: number | undefined;
  /** Window-scale shift count, if present. */
  windowScale?: number | undefined;
}

export type Ja4tFormat = 'rust' | 'padded';

export function formatJa4t(f: TcpSynFields, format: Ja4tFormat): string {
  const opts = f.optionKinds.join('-');
  if (format === 'rust') return `${f.window}_${opts}_${f.mss ?? 0}_${f.windowScale ?? 0}`;
  // Wireshark plugin: MSS as %02d, a zero/absent scale as `00`, any other scale as is.
  const mss = f.mss ?? 0;
  const ws = f.windowScale ?? 0;
  return `${f.window}_${opts.length > 0 ? opts : '00'}_${mss < 10 ? '0' + mss : String(mss)}_${ws === 0 ? '00' : String(ws)}`;
}

/** JA4T from the client's SYN. Default format: Rust. */
export function ja4t(syn: TcpSynFields, format: Ja4tFormat = 'rust'): string {
  return formatJa4t(syn, format);
}

export interface SynAckRetransmissions {
  /** Capture times (µs) of every SYN-ACK of the connection, the first one included, in order. */
  synAckTimesUs: readonly number[];
  /** Capture time (µs) of a RST from the server after the SYN-ACKs, if any. */
  rstTimeUs?: number | undefined;
}

/**
 * JA4TS from the server's SYN-ACK. Default format: Wireshark plugin (`00` placeholders). With
 * retransmitted SYN-ACKs (or a RST after them) a 5th part lists whole-second gaps between
 * successive SYN-ACKs joined by `-`, then `-R<gap>` for the RST.
 */
export function ja4ts(
  synAck: TcpSynFields,
  retrans?: SynAckRetransmissions,
  format: Ja4tFormat = 'padded',
): string {
  const base = formatJa4t(synAck, format);
  if (!retrans) return base;
  const t = retrans.synAckTimesUs;
  const gaps: string[] = [];
  for (let i = 1; i < t.length; i++)
    gaps.push(String(Math.floor(((t[i] as number) - (t[i - 1] as number)) / 1e6)));
  if (retrans.rstTimeUs !== undefined && t.length > 0) {
    gaps.push('R' + Math.floor((retrans.rstTimeUs - (t[t.length - 1] as number)) / 1e6));
  }
  return gaps.length > 0 ? `${base}_${gaps.join('-')}` : base;
}
