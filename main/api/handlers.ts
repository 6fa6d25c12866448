// One handler per operation of the contract; the Record type makes a missing one a type error.
import type { OperationInput, OperationName, OperationOutput } from '../../common/api/contract.js';
import type { HandlerContext } from './context.js';
import { startPathImport } from '../domain/import/start-path-import.js';
import { listAnomalies, setAnomalyState } from '../domain/anomalies/operations.js';
import { eventDetail } from '../domain/search/detail.js';
import { listMismatches } from '../domain/mismatch/pairs.js';
import { listEntities, setEntityState } from '../domain/anomalies/entities.js';
import * as model from '../domain/model/operations.js';
import { getSettings, setSettings } from '../domain/settings/operations.js';
import { recentHandshakes } from '../domain/handshakes/operations.js';
import { overviewStats } from '../domain/overview/operations.js';
import { search } from '../domain/search/operations.js';
import { ipProfile } from '../domain/ip-profile/operations.js';
import { fingerprintProfile } from '../domain/fingerprint-profile/operations.js';
import { runReadOnlySql, sqlSchema } from '../domain/sql-console/operations.js';
import { pcapPlan } from '../domain/pcap/operations.js';
import { downloadPcap } from '../domain/pcap/download.js';
import type { PcapSelection } from '../../common/api/pcap.js';
import type { SearchQuery } from '../../common/api/search.js';
import { exportSearch } from '../domain/search/export.js';
import { uploadImport } from '../domain/import/upload.js';
import type { FileChannel } from '../core/file-transfer.js';
import { fleetSensors } from '../domain/sensors/fleet.js';
import { exportBlocklist } from '../domain/blocklist/operations.js';
import { downloadBlocklist } from '../domain/blocklist/download.js';

export type Handler<N extends OperationName> = (
  input: OperationInput<N> & object,
  ctx: HandlerContext,
  /** Where a file operation's bytes go or come from (the binding's). */
  files: FileChannel,
) => Promise<OperationOutput<N>>;
export type Handlers = { [N in OperationName]: Handler<N> };

export const handlers: Handlers = {
  'handshakes.recent': (input, ctx) => recentHandshakes(ctx.ch, input.limit ?? 100),
  'overview.stats': (input, ctx) => overviewStats(ctx.ch, input),
  'search.query': (input, ctx) => search(ctx.ch, input),
  'search.export': (input, ctx, files) =>
    exportSearch(ctx.ch, input as SearchQuery, files.download),
  'search.detail': (input, ctx) => eventDetail(ctx.ch, input),
  'mismatch.list': (input, ctx) => listMismatches(ctx.ch, input),
  'ip.profile': (input, ctx) => ipProfile(ctx.ch, input),
  'fingerprint.profile': (input, ctx) => fingerprintProfile(ctx.ch, input),
  'sql.query': (input, ctx) => runReadOnlySql(ctx.sqlConsole, input),
  'sql.schema': (_input, ctx) => sqlSchema(ctx.ch),
  'pcap.plan': (input, ctx) =>
    pcapPlan({ ch: ctx.ch, dataDir: ctx.config.dataDir }, input as PcapSelection),
  'pcap.file': (input, ctx, files) =>
    downloadPcap(
      { ch: ctx.ch, dataDir: ctx.config.dataDir },
      input as PcapSelection,
      files.download,
    ),
  'blocklist.export': (input, ctx) => exportBlocklist(ctx.ch, input),
  'blocklist.file': (input, ctx, files) => downloadBlocklist(ctx.ch, input, files.download),
  'sensors.status': async (_input, ctx) => ctx.sensors(),
  'sensors.fleet': (_input, ctx) => fleetSensors(ctx.ch, ctx.config.fleet.silentAfterSeconds),
  'live.poll': async (input, ctx) => ctx.live.since(input.after, input.limit ?? 2000),
  'import.jobs': async (_input, ctx) => ({ jobs: ctx.imports.list() }),
  'anomalies.list': (input, ctx) => listAnomalies(ctx.ch, input),
  'anomalies.setState': (input, ctx) => setAnomalyState(ctx.ch, ctx.detector, input),
  'anomalies.entities': (input, ctx) => listEntities(ctx.ch, input),
  'anomalies.setEntityState': (input, ctx) => setEntityState(ctx.ch, ctx.detector, input),
  'model.tuning': (_input, ctx) => model.modelTuning(ctx.detector),
  'model.preview': (input, ctx) => model.modelPreview(ctx.detector, input.tuning),
  'model.apply': (input, ctx) => model.modelApply(ctx.detector, input.tuning),
  'model.run': (_input, ctx) => model.asApiError(() => ctx.detector.run()),
  'model.runs': (input, ctx) => model.modelRuns(ctx.ch, input.limit ?? 50),
  'settings.get': async (_input, ctx) => getSettings(ctx.config),
  'settings.set': async (input, ctx) => setSettings(ctx.config, input.settings),
  'import.start': async (input, ctx) => ({
    job: startPathImport(ctx.imports, ctx.importDirs, input.path),
  }),
  'import.upload': (_input, ctx, files) => uploadImport(ctx.imports, files.upload),
  'health.status': async (_input, ctx) => ({
    version: ctx.version,
    startedAt: ctx.startedAt.toISOString(),
    parts: ctx.health(),
  }),
};
