// `migrate verify`: applied files unchanged, nothing pending, and the live schema equal to what
// the applied migrations produce (drift.ts).
import type { Store } from '../store.js';
import { firstDifference, schemaDrift, type DriftItem } from './drift.js';
import { loadMigrations } from './load.js';
import { migrationStatus } from './runner.js';

export interface VerifyReport {
  ok: boolean;
  lines: string[];
  drift: DriftItem[];
}

export async function verifySchema(store: Store): Promise<VerifyReport> {
  const files = loadMigrations(store.migrationsDir);
  const status = await migrationStatus(store, files);
  const lines: string[] = [];
  for (const s of status) {
    const name = s.file ?? `${String(s.version).padStart(4, '0')}_${s.name}.sql`;
    if (s.state === 'changed')
      lines.push(`CHANGED  ${name}: file differs from the applied checksum`);
    if (s.state === 'missing') lines.push(`MISSING  ${name}: applied but the file is gone`);
    if (s.state === 'pending') lines.push(`PENDING  ${name}: not applied (run migrate up)`);
  }
  // A changed file is compared as it is now: its applied text is not kept, only its checksum.
  const appliedVersions = new Set(
    status.filter((s) => s.state === 'applied' || s.state === 'changed').map((s) => s.version),
  );
  const drift = await schemaDrift(
    store,
    files.filter((f) => appliedVersions.has(f.version)),
  );
  for (const d of drift) {
    if (d.kind === 'missing') lines.push(`DRIFT    ${d.table}: missing (the migrations create it)`);
    if (d.kind === 'unexpected')
      lines.push(`DRIFT    ${d.table}: not created by any applied migration`);
    if (d.kind === 'different')
      lines.push(`DRIFT    ${d.table}: ${firstDifference(d.expected!, d.actual!)}`);
  }
  const ok = lines.length === 0;
  if (ok)
    lines.push(`ok: ${status.length} migrations applied, checksums match, live schema matches`);
  return { ok, lines, drift };
}
