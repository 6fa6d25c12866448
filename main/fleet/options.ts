// The fleet's part of the configuration (issue 25): what this process is in a deployment of many
// sensors and a server, how it reports itself and how the detector windows are shared.
import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * - `sensor`: capture, ingest, correlation and writers into a shared store; no UI, no API, no
 *   detector (a web server's daemon).
 * - `server`: UI, API and the detector over the shared store; its own capture and ingest only
 *   with `fleet.serverSensor`.
 * - `all`: everything in one process (a single machine; the default).
 */
export const Role = z.enum(['sensor', 'server', 'all']);
export type Role = z.infer<typeof Role>;

const SensorName = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
    'a sensor name: letters, digits, "_", ".", ":" and "-" (not first), at most 64',
  );

export const FleetOptions = z
  .object({
    /** This process's name in the fleet and on every row it stores; default: the host name
     * (role sensor/server) or capture.worker.sensor / "local" (role all, as before). */
    sensorName: SensorName.optional(),
    /** How often a process with a sensor writes its heartbeat into the store. */
    heartbeatSeconds: z.number().int().min(1).max(3600).default(15),
    /** A sensor whose last heartbeat is older than this is shown red ("silent"). */
    silentAfterSeconds: z.number().int().min(2).max(86_400).default(60),
    /** Role server: also capture and ingest here (its own sensor). */
    serverSensor: z.boolean().default(false),
  })
  .strict();
export type FleetOptions = z.infer<typeof FleetOptions>;

export const DetectorOptions = z
  .object({
    /** Seconds between scheduled windows; default: the persisted tuning's scheduleMinutes. Set
     * it for a fixed schedule independent of the tuning (and in tests, for short windows). */
    periodSeconds: z.number().int().min(2).max(86_400).optional(),
    /** A claimed window not finished after this long is taken over by another server. */
    leaseSeconds: z.number().int().min(2).max(86_400).default(120),
    /** Windows missed while no server could reach the store are run afterwards, this many back
     * at most. */
    catchUpWindows: z.number().int().min(0).max(1000).default(12),
    /** Off: this process never runs the scheduled detector (on-demand runs still work). */
    schedule: z.boolean().default(true),
  })
  .strict();
export type DetectorOptions = z.infer<typeof DetectorOptions>;

/** The sensor name this process reports and stamps on its rows. */
export function sensorNameOf(c: {
  role: Role;
  fleet: FleetOptions;
  capture: { worker: { sensor?: string | undefined } };
}): string {
  if (c.fleet.sensorName) return c.fleet.sensorName;
  if (c.capture.worker.sensor) return c.capture.worker.sensor;
  return c.role === 'all' ? 'local' : hostname();
}

/** What the role starts. */
export function roleParts(c: { role: Role; fleet: FleetOptions }): {
  pipeline: boolean;
  api: boolean;
  detector: boolean;
} {
  switch (c.role) {
    case 'sensor':
      return { pipeline: true, api: false, detector: false };
    case 'server':
      return { pipeline: c.fleet.serverSensor, api: true, detector: true };
    default:
      return { pipeline: true, api: true, detector: true };
  }
}
