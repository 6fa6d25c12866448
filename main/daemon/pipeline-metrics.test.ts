// /metrics exports the capture engine's decode errors by kind and the layers it stopped at by
// name, from the workers' restart-safe totals.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Pipeline } from './pipeline.js';
import { registerPipelineMetrics } from './pipeline-metrics.js';

describe('pipeline metrics', () => {
  it('ja4ws_capture_unsupported and ja4ws_capture_decode_errors by worker', async () => {
    const totals = {
      packets: 10,
      decodeErrors: { not_ip: 5, truncated_ip: 1 },
      unsupported: { ethertype_0x0806: 5 },
    };
    const pipeline = {
      capture: { health: () => [{ name: 'eth0', totals }] },
      stats: () => ({ correlation: { correlator: {} } }),
    } as unknown as Pipeline;
    const registry = new Registry();
    registerPipelineMetrics(registry, pipeline);
    const text = await registry.metrics();
    expect(text).toContain('ja4ws_capture_unsupported{worker="eth0",layer="ethertype_0x0806"} 5');
    expect(text).toContain('ja4ws_capture_decode_errors{worker="eth0",kind="not_ip"} 5');
    expect(text).toContain('ja4ws_capture_decode_errors{worker="eth0",kind="truncated_ip"} 1');
    expect(text).toContain('ja4ws_capture_worker{worker="eth0",counter="packets"} 10');
  });
});
