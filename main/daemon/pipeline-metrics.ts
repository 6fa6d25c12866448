// The pipeline's figures in /metrics: read at scrape time from each part's own stats, so there
// is one source of truth and nothing to keep in step.
import { Gauge, type Registry } from 'prom-client';
import type { Pipeline } from './pipeline.js';

export function registerPipelineMetrics(registry: Registry, pipeline: Pipeline): void {
  new Gauge({
    name: 'ja4ws_correlator_events',
    help: 'Correlator counters (cumulative)',
    labelNames: ['counter'],
    registers: [registry],
    collect() {
      for (const [counter, v] of Object.entries(pipeline.stats().correlation.correlator)) {
        if (typeof v === 'number') this.set({ counter }, v);
      }
    },
  });
  new Gauge({
    name: 'ja4ws_capture_worker',
    help: 'Capture worker totals across restarts, by worker and counter',
    labelNames: ['worker', 'counter'],
    registers: [registry],
    collect() {
      for (const h of pipeline.capture.health()) {
        for (const [counter, v] of Object.entries(h.totals)) {
          if (typeof v === 'number') this.set({ worker: h.name, counter }, v);
        }
      }
    },
  });
  new Gauge({
    name: 'ja4ws_capture_decode_errors',
    help: 'Packets the capture engine could not decode to TCP/UDP, by worker and reason',
    labelNames: ['worker', 'kind'],
    registers: [registry],
    collect() {
      for (const h of pipeline.capture.health())
        for (const [kind, v] of Object.entries(h.totals.decodeErrors))
          this.set({ worker: h.name, kind }, v);
    },
  });
  new Gauge({
    name: 'ja4ws_capture_unsupported',
    help: 'Packets whose decoding stopped at a layer the engine does not follow, by worker and layer (ethertype_0x88cc, ip_proto_132 ...)',
    labelNames: ['worker', 'layer'],
    registers: [registry],
    collect() {
      for (const h of pipeline.capture.health())
        for (const [layer, v] of Object.entries(h.totals.unsupported))
          this.set({ worker: h.name, layer }, v);
    },
  });
}

/** Numeric leaves of a stats object, one level of nesting flattened as `outer_inner`. */
function numericLeaves(obj: Record<string, unknown>): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(obj)) {
    // Per-field counts are keyed by input paths (e.g. headers.17.0): too many label values.
    if (k === 'bad_fields') continue;
    if (typeof v === 'number') out.push([k, v]);
    else if (v && typeof v === 'object') {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>))
        if (typeof v2 === 'number') out.push([`${k}_${k2}`, v2]);
    }
  }
  return out;
}

export function registerIngestMetrics(registry: Registry, pipeline: Pipeline): void {
  new Gauge({
    name: 'ja4ws_ingest',
    help: 'Ingest counters by source (socket or log file) and counter, bad input by kind',
    labelNames: ['source', 'counter'],
    registers: [registry],
    collect() {
      const s = pipeline.stats().correlation.ingest;
      for (const [source, st] of [...Object.entries(s.sources), ...Object.entries(s.files)]) {
        for (const [counter, v] of numericLeaves(st as unknown as Record<string, unknown>))
          this.set({ source, counter }, v);
      }
      this.set({ source: 'dead_letter', counter: 'written' }, s.dead_letter.written);
    },
  });
}

export function registerIntakeMetrics(registry: Registry, pipeline: Pipeline): void {
  new Gauge({
    name: 'ja4ws_disk_full',
    help: '1 while the data directory disk is full (intake paused, capture records dropped)',
    registers: [registry],
    collect() {
      this.set(pipeline.stats().intake.disk.full ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ja4ws_disk_free_bytes',
    help: 'Free bytes on the data directory disk at the last probe',
    registers: [registry],
    collect() {
      this.set(pipeline.stats().intake.disk.freeBytes);
    },
  });
  new Gauge({
    name: 'ja4ws_intake',
    help: 'Intake journal and backpressure counters (journal_*: the journal; the rest: replay, drops, pauses)',
    labelNames: ['counter'],
    registers: [registry],
    collect() {
      const s = pipeline.stats().intake;
      for (const [k, v] of Object.entries(s.journal ?? {}))
        if (typeof v === 'number' || typeof v === 'boolean')
          this.set({ counter: `journal_${k}` }, Number(v));
      for (const [k, v] of Object.entries(s))
        if (typeof v === 'number' || typeof v === 'boolean') this.set({ counter: k }, Number(v));
      this.set({ counter: 'disk_full_episodes' }, s.disk.episodes);
    },
  });
}
