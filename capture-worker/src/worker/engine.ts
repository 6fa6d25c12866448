// Binds the fingerprint engine (capture-worker/src/engine/) to the worker. Live capture uses its
// early-emission mode: a `phase: 'handshake'` record goes out as soon as the hellos are parsed,
// then the complete `phase: 'final'` record when the connection ends. Offline files go through
// the same worker and the same mode, so both paths produce the same records.
import { createEngine } from '../engine/index.js';
import { PacketStoreWriter } from '../packet-store/writer.js';
import { errorMessage } from '../../../common/util/errors.js';
import type { WorkerConfig } from './config.js';
import type { EngineCounters, RecordSink, WorkerEngine } from './engine-port.js';

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Prefix of the engine's per-layer unsupported counts in WorkerStats.engine. */
export const UNSUPPORTED_PREFIX = 'unsupported.';

export function countersFromEngineStats(stats: object): EngineCounters {
  const s = stats as Record<string, unknown>;
  const decodeErrors: Record<string, number> = {};
  // Decode errors (link/IP/TCP) and parse errors (TLS, HTTP, QUIC...) both count as "decode errors by kind".
  for (const errs of [s.decodeErrors, s.parseErrors]) {
    if (errs && typeof errs === 'object') {
      for (const [k, v] of Object.entries(errs))
        if (typeof v === 'number') decodeErrors[k] = (decodeErrors[k] ?? 0) + v;
    }
  }
  const other: Record<string, number> = {};
  for (const [k, v] of Object.entries(s))
    if (typeof v === 'number' && Number.isFinite(v)) other[k] = v;
  // Recognised layers and oddities (pppoe, gtpu, wlan_encrypted, tls_server_hello_draft_tls13...).
  if (s.seen && typeof s.seen === 'object')
    for (const [k, v] of Object.entries(s.seen))
      if (typeof v === 'number' && Number.isFinite(v)) other[`seen_${k}`] = v;
  // Layers decoding stopped at, by name (ethertype_0x88cc, ip_proto_132 ...): /metrics.
  if (s.unsupported && typeof s.unsupported === 'object')
    for (const [k, v] of Object.entries(s.unsupported))
      if (typeof v === 'number' && Number.isFinite(v)) other[UNSUPPORTED_PREFIX + k] = v;
  return { decodeErrors, flowsOpen: num(s.flowsOpen), flowsEvicted: num(s.flowsEvicted), other };
}

export function createWorkerEngine(
  cfg: WorkerConfig,
  sink: RecordSink,
  onStoreError?: (message: string) => void,
): WorkerEngine {
  const store = openPacketStore(cfg, onStoreError);
  const engine = createEngine({
    onRecord: sink,
    early: true,
    maxFlows: cfg.maxFlows,
    sensor: cfg.sensor,
    ja4plus: cfg.ja4plus,
    ...(store ? { packetTap: store } : {}),
  });
  return {
    push: (p) => engine.push(p),
    finish: () => engine.finish(),
    tick: (now) => engine.tick(now),
    counters: () => {
      const c = countersFromEngineStats(engine.stats());
      if (store)
        for (const [k, v] of Object.entries(store.stats())) c.other[`packet_store_${k}`] = v;
      return c;
    },
    close: async () => store?.close(),
  };
}

/**
 * The packet store (issue 24), when configured. A store that cannot open (directory not
 * writable) is reported once and left out: capture and fingerprinting go on without it.
 */
function openPacketStore(
  cfg: WorkerConfig,
  onError?: (message: string) => void,
): PacketStoreWriter | undefined {
  const o = cfg.packets;
  if (!o.enabled || o.dir === '') return undefined;
  try {
    return new PacketStoreWriter(o);
  } catch (err) {
    onError?.(`packet store in ${o.dir} not opened, packets are not kept: ${errorMessage(err)}`);
    return undefined;
  }
}
