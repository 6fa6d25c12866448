// The licence switch at every edge where events enter (`fingerprints.ja4plus: false`; the live
// pipeline and log imports, hence core): the capture engine and the correlator then compute no
// JA4+ value, but records from remote sensors (network.socket)
// arrive already fingerprinted. Every record and correlated event passes here before it is
// stored or shown, so no FoxIO-licensed value (JA4S, JA4H, JA4X, JA4T/TS, JA4L, JA4SSH) reaches
// the store or the Live view whichever way it came in.
import { JA4PLUS_FIELDS, RECORD_IDENTITY } from '../../capture-worker/src/engine/record.js';
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';

/** The record without its JA4+ fields; null when nothing else was fingerprinted (as the engine). */
export function recordWithoutJa4plus(r: ConnectionRecord): ConnectionRecord | null {
  const out = { ...r } as Record<string, unknown>;
  for (const k of JA4PLUS_FIELDS) delete out[k];
  return Object.keys(out).some((k) => !RECORD_IDENTITY.has(k)) ? (out as ConnectionRecord) : null;
}

export function correlatedWithoutJa4plus(e: CorrelatedEvent): CorrelatedEvent {
  const { ja4h: _h, ja4h_r: _hr, ja4h_ro: _hro, handshake, candidates, ...rest } = e;
  const out: CorrelatedEvent = { ...rest };
  const hs = handshake && recordWithoutJa4plus(handshake);
  if (hs) out.handshake = hs;
  if (candidates) out.candidates = candidates.map((c) => recordWithoutJa4plus(c) ?? withoutAll(c));
  return out;
}

/** A candidate keeps its identity (the event says which connections were possible). */
function withoutAll(r: ConnectionRecord): ConnectionRecord {
  const out = { ...r } as Record<string, unknown>;
  for (const k of JA4PLUS_FIELDS) delete out[k];
  return out as ConnectionRecord;
}
