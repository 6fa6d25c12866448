// The whole API: every operation the UI may call, by name. Adding an operation here makes the
// type checker demand its handler in main/api/handlers.ts, and it appears in the OpenAPI document.
import type { z } from 'zod';
import { handshakesRecent } from './handshakes.js';
import { healthStatus } from './health.js';
import { sensorsStatus } from './sensors.js';
import { sensorsFleet } from './fleet.js';
import { livePoll } from './live.js';
import { importJobs, importStart, importUpload } from './import.js';
import {
  anomaliesEntities,
  anomaliesList,
  anomaliesSetEntityState,
  anomaliesSetState,
} from './anomalies.js';
import { modelApply, modelPreview, modelRun, modelRuns, modelTuning } from './model.js';
import { settingsGet, settingsSet } from './settings.js';
import { overviewStats } from './overview.js';
import { searchExport, searchQuery } from './search.js';
import { eventDetail } from './event-detail.js';
import { mismatchList } from './mismatch.js';
import { ipProfile } from './ip-profile.js';
import { fingerprintProfile } from './fingerprint-profile.js';
import { sqlQuery, sqlSchema } from './sql-console.js';
import { pcapFile, pcapPlan } from './pcap.js';
import { blocklistExport, blocklistFile } from './blocklist.js';

export const contract = {
  'handshakes.recent': handshakesRecent,
  'health.status': healthStatus,
  'sensors.status': sensorsStatus,
  'sensors.fleet': sensorsFleet,
  'live.poll': livePoll,
  'import.jobs': importJobs,
  'import.start': importStart,
  'import.upload': importUpload,
  'anomalies.list': anomaliesList,
  'anomalies.setState': anomaliesSetState,
  'anomalies.entities': anomaliesEntities,
  'anomalies.setEntityState': anomaliesSetEntityState,
  'model.tuning': modelTuning,
  'model.preview': modelPreview,
  'model.apply': modelApply,
  'model.run': modelRun,
  'model.runs': modelRuns,
  'settings.get': settingsGet,
  'settings.set': settingsSet,
  'overview.stats': overviewStats,
  'search.query': searchQuery,
  'search.export': searchExport,
  'search.detail': eventDetail,
  'mismatch.list': mismatchList,
  'ip.profile': ipProfile,
  'fingerprint.profile': fingerprintProfile,
  'sql.query': sqlQuery,
  'sql.schema': sqlSchema,
  'pcap.plan': pcapPlan,
  'pcap.file': pcapFile,
  'blocklist.export': blocklistExport,
  'blocklist.file': blocklistFile,
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type OperationInput<N extends OperationName> = z.input<Contract[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Contract[N]['output']>;

export const operationNames = Object.keys(contract) as OperationName[];

/** Operations that move a file (see FileTransfer), by direction. */
export type DownloadName = {
  [N in OperationName]: Contract[N] extends { file: { direction: 'download' } } ? N : never;
}[OperationName];
export type UploadName = {
  [N in OperationName]: Contract[N] extends { file: { direction: 'upload' } } ? N : never;
}[OperationName];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** How the renderer reaches main: over IPC in the desktop, over HTTP from a browser. */
export interface ApiClient {
  call<N extends OperationName>(
    name: N,
    input: OperationInput<N>,
    options?: { signal?: AbortSignal },
  ): Promise<OperationOutput<N>>;
}

/** HTTP binding: every operation is `POST ${apiPrefix}/<name>` with the input as JSON body. */
export const apiPrefix = '/api/v1';

/** The one spelling of an operation's HTTP path. */
export function operationPath(name: OperationName): string {
  return `${apiPrefix}/${name}`;
}

/** True for operations the contract marks as writes (cached answers are stale after them). */
export function isWrite(name: OperationName): boolean {
  return (contract[name] as { write?: true }).write === true;
}
