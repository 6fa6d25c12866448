// The embedded engine's fast insert: rows -> one Native block -> a file on tmpfs -> INSERT ...
// SELECT FROM file(). chDB's Node API only takes text formats in memory (its raw insert cuts
// binary data at the first NUL byte), so the block reaches the engine as a file; on /dev/shm that
// is a memory copy, and the file lives only for the one INSERT (memory stays one batch).
// insert() answers false when this table or batch cannot go this way (a column type the encoder
// does not know, a value of the wrong JS type, no writable temp dir): the caller then sends the
// batch as JSONEachRow, so the server still judges bad data.
import { closeSync, existsSync, openSync, readdirSync, rmSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import {
  NativeEncoder,
  nativeColumns,
  nativeStructure,
  NativeEncodeError,
  type NativeColumn,
} from './encode.js';

/** tmpfs where there is one (Linux); elsewhere the OS temp dir (page cache, short-lived). */
export function defaultNativeDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const ident = (s: string): string => `\`${s.replace(/`/g, '``')}\``;

/** The INSERT that reads one Native block file into `db.table`. */
export function insertFromFile(
  db: string,
  table: string,
  columns: readonly NativeColumn[],
  file: string,
): string {
  return (
    `INSERT INTO ${ident(db)}.${ident(table)} (${columns.map((c) => ident(c.name)).join(', ')}) ` +
    `SELECT * FROM file(${quote(file)}, 'Native', ${quote(nativeStructure(columns))})`
  );
}

let fileSeq = 0;
const MAX_PREPARED = 4;
const FILE_PATTERN = /^ja4ws-(\d+)-\d+\.native$/;

/** The block's buffers into a new file, without first joining them into one. */
function writeParts(file: string, parts: Buffer[]): void {
  const fd = openSync(file, 'w');
  try {
    let total = 0;
    for (const p of parts) total += p.length;
    let done = 0;
    // writev takes at most IOV_MAX (1024) buffers and may write less than asked.
    for (let i = 0; i < parts.length;) {
      const chunk = parts.slice(i, i + 1024);
      let n = writevSync(fd, chunk);
      done += n;
      while (i < parts.length && n >= parts[i]!.length) n -= parts[i++]!.length;
      if (n > 0) parts[i] = parts[i]!.subarray(n);
    }
    if (done !== total) throw new Error(`short write to ${file}`);
  } finally {
    closeSync(fd);
  }
}

/** Files left by a process that died mid-insert (its pid is gone). */
function removeOrphans(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(FILE_PATTERN.exec(n)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(dir, n), { force: true });
    }
  }
}

function split(table: string, database: string): [string, string] {
  const dot = table.indexOf('.');
  return dot < 0 ? [database, table] : [table.slice(0, dot), table.slice(dot + 1)];
}

/** Every key of the row is a column of the table (else the JSON path decides). */
function covers(cols: readonly NativeColumn[], row: object): boolean {
  return Object.keys(row).every((k) => cols.some((c) => c.name === k));
}

export class NativeInserter {
  /** table -> its columns, or null when some column type is not supported. */
  private readonly tables = new Map<string, NativeColumn[] | null>();
  /** One encoder per (table, column list): buffers are reused batch after batch. */
  private readonly encoders = new Map<string, NativeEncoder>();

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly dir = defaultNativeDir(),
  ) {
    removeOrphans(dir);
  }

  async insert(
    table: string,
    rows: readonly object[],
    settings: Record<string, string | number>,
  ): Promise<boolean> {
    if (rows.length === 0) return true;
    const [db, name] = split(table, this.database);
    let ready = this.takePrepared(db, name, rows);
    if (!ready) {
      let cols = await this.columns(db, name, false);
      if (!cols) return false;
      // A key the cached schema lacks: maybe a migration added the column since; look again once.
      if (!covers(cols, rows[0]!)) {
        cols = await this.columns(db, name, true);
        if (!cols || !covers(cols, rows[0]!)) return false;
      }
      ready = this.write(db, name, cols, rows);
      if (!ready) return false;
    }
    const { file, used } = ready;
    try {
      await this.client.command({
        query: insertFromFile(db, name, used, file),
        clickhouse_settings: settings,
      });
    } finally {
      rmSync(file, { force: true });
    }
    return true;
  }

  /**
   * Encode the batch that will be inserted next while the engine is busy with the current one
   * (the engine works on its own thread; encoding is JavaScript): insert() of the same `rows`
   * array then only runs the INSERT. Synchronous and best effort: skipped when the table's
   * columns are not known yet or the rows do not fit; at most one batch is kept prepared.
   */
  prepare(table: string, rows: readonly object[]): void {
    const [db, name] = split(table, this.database);
    const cols = this.tables.get(`${db}.${name}`);
    if (!cols || rows.length === 0 || this.prepared.has(rows) || !covers(cols, rows[0]!)) return;
    const ready = this.write(db, name, cols, rows);
    if (!ready) return;
    this.prepared.set(rows, { key: `${db}.${name}`, ...ready });
    // Several writers share the store; a batch that went another way (bisected, spooled) is
    // never taken: keep only the newest few.
    for (const [r, p] of this.prepared) {
      if (this.prepared.size <= MAX_PREPARED) break;
      rmSync(p.file, { force: true });
      this.prepared.delete(r);
    }
  }

  /** Remove prepared files nobody will insert (store closing). */
  discardPrepared(): void {
    for (const p of this.prepared.values()) rmSync(p.file, { force: true });
    this.prepared.clear();
  }

  private readonly prepared = new Map<
    readonly object[],
    { key: string; file: string; used: NativeColumn[] }
  >();

  private takePrepared(
    db: string,
    name: string,
    rows: readonly object[],
  ): { file: string; used: NativeColumn[] } | undefined {
    const p = this.prepared.get(rows);
    if (!p) return undefined;
    this.prepared.delete(rows);
    if (p.key === `${db}.${name}`) return p;
    rmSync(p.file, { force: true });
    return undefined;
  }

  /** Encode to a temp file; undefined when a value does not fit or the file cannot be written. */
  private write(
    db: string,
    name: string,
    cols: NativeColumn[],
    rows: readonly object[],
  ): { file: string; used: NativeColumn[] } | undefined {
    const keys = new Set(Object.keys(rows[0]!));
    const used = cols.filter((c) => keys.has(c.name));
    const key = `${db}.${name}:${used.map((c) => c.name).join(',')}`;
    let encoder = this.encoders.get(key);
    if (!encoder) this.encoders.set(key, (encoder = new NativeEncoder(used)));
    let block: Buffer[];
    try {
      block = encoder.encodeParts(rows);
    } catch (err) {
      if (err instanceof NativeEncodeError) return undefined;
      throw err;
    }
    const file = join(this.dir, `ja4ws-${process.pid}-${fileSeq++}.native`);
    try {
      writeParts(file, block);
    } catch {
      rmSync(file, { force: true });
      return undefined;
    }
    return { file, used };
  }

  private async columns(
    db: string,
    table: string,
    refresh: boolean,
  ): Promise<NativeColumn[] | null> {
    const key = `${db}.${table}`;
    if (!refresh && this.tables.has(key)) return this.tables.get(key)!;
    const cols = await nativeTableColumns(this.client, db, table);
    // An unknown table: let the JSON path produce the server's own error (and look again later).
    if (cols?.length === 0) return null;
    this.tables.set(key, cols);
    return cols;
  }
}

/**
 * A table's insertable columns as the encoder sees them, in table order: [] when there is no such
 * table, null when a column's type is one the encoder does not know.
 */
export async function nativeTableColumns(
  client: ClickHouseClient,
  db: string,
  table: string,
): Promise<NativeColumn[] | null> {
  const rs = await client.query({
    query:
      'SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {t:String} ' +
      "AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position",
    query_params: { db, t: table },
    format: 'JSONEachRow',
  });
  return nativeColumns(await rs.json<{ name: string; type: string }>()) ?? null;
}
