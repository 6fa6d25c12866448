// The fleet: every sensor that reported into the store, from its heartbeats (issue 25).
import { z } from 'zod';
import { operation } from './operation.js';

export const FleetSensor = z.object({
  sensor: z.string(),
  host: z.string(),
  instance: z.string(),
  role: z.string(),
  version: z.string(),
  startedAt: z.string(),
  interfaces: z.array(z.string()),
  lastSeen: z.string(),
  /** Seconds since the last heartbeat, by the store's clock. */
  ageSeconds: z.number(),
  /** silent: no heartbeat for longer than fleet.silentAfterSeconds (shown red). */
  health: z.enum(['ok', 'degraded', 'down', 'silent']),
  problems: z.array(z.string()),
  packets: z.number(),
  kernelDrops: z.number(),
  eventsDropped: z.number(),
  captureDropped: z.number(),
  requestsIn: z.number(),
  rowsWritten: z.number(),
  rowsQueued: z.number(),
  spoolBytes: z.number(),
  packetsPerSecond: z.number(),
  rowsPerSecond: z.number(),
});
export type FleetSensor = z.infer<typeof FleetSensor>;

export const DetectorWindow = z.object({
  windowEnd: z.string(),
  holder: z.string(),
  outcome: z.string(),
  anomalies: z.number(),
});

export const sensorsFleet = operation({
  summary:
    'Every sensor that reported into the store (last heartbeat, health, counters, rates) and the last detector windows',
  input: z.object({}).strict(),
  output: z.object({
    silentAfterSeconds: z.number(),
    sensors: z.array(FleetSensor),
    detectorWindows: z.array(DetectorWindow),
  }),
});
export type SensorsFleet = z.output<typeof sensorsFleet.output>;
