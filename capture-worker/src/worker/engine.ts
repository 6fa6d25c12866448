// Binds the fingerprint engine (capture-worker/src/engine/) to the worker: live capture uses its
// early-emission mode so a handshake is sent as soon as its fingerprints are known, not when the
// connection ends; offline files use the same mode so both paths produce the same records.
import { AppError, errorMessage } from '../../../common/util/errors.js';
import type { WorkerConfig } from './config.js';
import type { EngineCounters, RecordSink, WorkerEngine } from './engine-port.js';

// Loaded by name until the engine module's API is final (see docs/capture.md).
const ENGINE_MODULE = '../engine/engine.js';

interface EngineLike {
  push(p: unknown): void;
  finish(): void;
  stats(): object;
  tick?(nowUs: number): void;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

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
  return {
    decodeErrors,
    flowsOpen: num(s.flowsOpen ?? s.flows_open ?? s.openFlows),
    flowsEvicted: num(s.flowsEvicted ?? s.flows_evicted ?? s.evictedFlows),
    other,
  };
}

export async function createWorkerEngine(
  cfg: WorkerConfig,
  sink: RecordSink,
): Promise<WorkerEngine> {
  let mod: { createEngine?: (o: Record<string, unknown>) => EngineLike };
  try {
    mod = (await import(ENGINE_MODULE)) as typeof mod;
  } catch (err) {
    throw new AppError(
      'capture.engine_missing',
      `fingerprint engine module could not be loaded: ${errorMessage(err)}`,
      {},
    );
  }
  if (typeof mod.createEngine !== 'function') {
    throw new AppError(
      'capture.engine_missing',
      'fingerprint engine module has no createEngine()',
      {},
    );
  }
  const engine = mod.createEngine({
    onRecord: sink,
    early: true,
    maxFlows: cfg.maxFlows,
    sensor: cfg.sensor,
  });
  return {
    push: (p) => engine.push(p),
    finish: () => engine.finish(),
    ...(engine.tick ? { tick: (now: number) => engine.tick!(now) } : {}),
    counters: () => countersFromEngineStats(engine.stats()),
  };
}
