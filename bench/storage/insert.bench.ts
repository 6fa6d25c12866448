// Rows/s into the embedded store's tls_handshakes, by insert path and batch size (issue 4).
// Each variant runs in its own process (chDB is one engine per process; RSS is per variant).
//   npx tsx bench/storage/insert.bench.ts [rows]          all variants
//   npx tsx bench/storage/insert.bench.ts <rows> <variant> one variant (used by the parent)
// Rows are real fingerprints from the project's test captures over 50,000 client IPs (testing/synthetic.ts);
// a pool of one batch of rows is built once and re-stamped (ts, stream, ip) per batch, so the
// figures cover encoding + insert + the engine, not building JS objects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedClient } from '../../main/storage/chdb-client.js';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { TLS_HANDSHAKES, type TlsHandshakeRow } from '../../main/storage/rows/tls-handshake.js';
import { NativeEncoder } from '../../main/storage/native/encode.js';
import { insertFromFile, nativeTableColumns } from '../../main/storage/native/insert.js';
import { openStore } from '../../main/storage/store.js';
import { syntheticRows } from '../../main/storage/testing/synthetic.js';
import { createWriter } from '../../main/storage/writer/writer.js';
import { encodeRowBinary, ROWBINARY_STRUCTURE } from './rowbinary.js';
import { encodeTsv, TSV_COLUMNS } from './tsv.js';

const VARIANTS = {
  'client JSONEachRow 10k': { batch: 10_000, path: 'client' },
  'client JSONEachRow 100k': { batch: 100_000, path: 'client' },
  'rawInsert JSONEachRow 10k': { batch: 10_000, path: 'raw-json' },
  'rawInsert JSONEachRow 100k': { batch: 100_000, path: 'raw-json' },
  'rawInsert TSV 10k': { batch: 10_000, path: 'raw-tsv' },
  'rawInsert TSV 100k': { batch: 100_000, path: 'raw-tsv' },
  'rawInsert TSV 500k': { batch: 500_000, path: 'raw-tsv' },
  'streamInsert TSV 100k chunks': { batch: 100_000, path: 'stream-tsv' },
  'rawInsert TSV 100k, no MVs': { batch: 100_000, path: 'raw-tsv', noMvs: true },
  'file() RowBinary 100k': { batch: 100_000, path: 'file-rowbinary' },
  'file() RowBinary 500k': { batch: 500_000, path: 'file-rowbinary' },
  'file() RowBinary 100k, no MVs': { batch: 100_000, path: 'file-rowbinary', noMvs: true },
  // What the writer uses on the embedded engine (main/storage/native): one Native block per batch.
  'store.insert Native 10k': { batch: 10_000, path: 'native' },
  'store.insert Native 100k': { batch: 100_000, path: 'native' },
  'store.insert Native 500k': { batch: 500_000, path: 'native' },
  'store.insert Native 100k, no MVs': { batch: 100_000, path: 'native', noMvs: true },
  // The engine's share alone: blocks encoded before the clock starts, only the INSERTs timed.
  'engine only: prepared Native 100k': { batch: 100_000, path: 'engine' },
  'writer (Native) 100k batches': { batch: 100_000, path: 'writer' },
  'writer (Native) 10k batches': { batch: 10_000, path: 'writer' },
  'writer (Native) 250k batches, queue 500k': { batch: 250_000, path: 'writer', queue: 500_000 },
} as const;
type Variant = keyof typeof VARIANTS;

async function runVariant(total: number, name: Variant): Promise<void> {
  const v: { batch: number; path: string; noMvs?: boolean; queue?: number } = VARIANTS[name];
  const { batch, path } = v;
  const dir = mkdtempSync(join(tmpdir(), 'ja4ws-bench-'));
  try {
    const store = await openStore({ kind: 'embedded', dataDir: dir });
    await migrateUp(store);
    if (v.noMvs) {
      // What the per-minute aggregates cost at insert time.
      for (const mv of ['mv_agg_src_ip_handshakes_1m', 'mv_agg_ja4_1m_handshakes'])
        await store.client.command({ query: `DROP VIEW ${mv}` });
    }
    // The chDB escape hatch of the same engine (same process, same path: shared session).
    const { raw } = createEmbeddedClient(dir);
    const base = Date.UTC(2026, 10, 24) * 1000;
    const pool = syntheticRows(0, batch, base);
    // The production path: batches of `batch` rows, Native on this engine, the default queue bound.
    const writer =
      path === 'writer'
        ? createWriter<TlsHandshakeRow>(store, {
            table: TLS_HANDSHAKES,
            maxBatchRows: batch,
            ...(v.queue ? { maxQueuedRows: v.queue } : {}),
          })
        : undefined;
    const prepared = path === 'engine' ? await prepareBlocks(store, pool, batch, total) : [];
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    // CPU of every thread of the process (JavaScript, the engine's insert, merge and view
    // threads): on a shared machine rows per CPU-second moves far less than rows per second.
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let done = 0; done < total; done += batch) {
      // The writer keeps references to queued rows: re-stamping them would race its sender, so
      // it gets the same rows each batch (distinct tokens keep every batch).
      for (let k = 0; k < batch && path !== 'writer'; k++) {
        const r = pool[k]!;
        const i = done + k;
        r.stream = i;
        r.ts = `${Math.floor((base + i * 10) / 1e6)}.${String((base + i * 10) % 1e6).padStart(6, '0')}`;
      }
      if (path === 'engine') {
        const b = prepared[(done / batch) % prepared.length]!;
        await store.client.command({
          query: b.insert,
          clickhouse_settings: { insert_deduplication_token: `b${done}` },
        });
      } else if (path === 'native') {
        await store.insert('tls_handshakes', pool, { dedupToken: `b${done}`, native: true });
      } else if (path === 'writer') {
        await writer!.write(pool);
      } else if (path === 'client') {
        await store.insert('tls_handshakes', pool, { dedupToken: `b${done}` });
      } else if (path === 'raw-json') {
        const body = pool.map((r) => JSON.stringify(r)).join('\n');
        await raw.chdb.rawInsert({
          table: 'ja4ws.tls_handshakes',
          values: Buffer.from(body),
          format: 'JSONEachRow',
        });
      } else if (path === 'raw-tsv') {
        await raw.chdb.rawInsert({
          table: 'ja4ws.tls_handshakes',
          values: encodeTsv(pool),
          format: 'TabSeparated',
          columns: TSV_COLUMNS,
        });
      } else if (path === 'file-rowbinary') {
        // Binary rows reach the engine through a tmpfs file (see rowbinary.ts for why).
        const file = `/dev/shm/ja4ws-bench-${process.pid}.bin`;
        writeFileSync(file, encodeRowBinary(pool));
        await store.client.command({
          query: `INSERT INTO tls_handshakes (${TSV_COLUMNS.join(', ')}) SELECT * FROM file('${file}', 'RowBinary', '${ROWBINARY_STRUCTURE}')`,
        });
        rmSync(file, { force: true });
      } else {
        const chunks = async function* () {
          for (let k = 0; k < batch; k += 10_000) yield encodeTsv(pool.slice(k, k + 10_000));
        };
        await raw.chdb.streamInsert({
          table: 'ja4ws.tls_handshakes',
          values: chunks(),
          format: 'TabSeparated',
          columns: TSV_COLUMNS,
        });
      }
    }
    await writer?.close();
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const used = process.cpuUsage(cpu0);
    const cpuSecs = (used.user + used.system) / 1e6;
    clearInterval(sampler);
    const rs = await store.client.query({
      query: 'SELECT count() AS n FROM tls_handshakes',
      format: 'JSONEachRow',
    });
    const n = Number((await rs.json<{ n: string }>())[0]!.n);
    if (n !== total) throw new Error(`${name}: expected ${total} rows, found ${n}`);
    process.stdout.write(
      JSON.stringify({
        variant: name,
        rows: total,
        seconds: +secs.toFixed(2),
        rowsPerSec: Math.round(total / secs),
        cpuSeconds: +cpuSecs.toFixed(2),
        rowsPerCpuSec: Math.round(total / cpuSecs),
        peakRssMB: Math.round(peakRss / 2 ** 20),
      }) + '\n',
    );
    await store.close();
  } finally {
    // Background merges may still be writing into the directory for a moment.
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (err) {
      process.stderr.write(`could not remove ${dir}: ${String(err)}\n`);
    }
  }
}

/** A few Native block files on tmpfs (distinct tokens make every INSERT of them count). */
async function prepareBlocks(
  store: Awaited<ReturnType<typeof openStore>>,
  pool: readonly object[],
  batch: number,
  total: number,
): Promise<{ insert: string }[]> {
  const keys = new Set(Object.keys(pool[0]!));
  const cols = (await nativeTableColumns(store.client, store.database, 'tls_handshakes'))!.filter(
    (c) => keys.has(c.name),
  );
  const encoder = new NativeEncoder(cols);
  const out: { insert: string }[] = [];
  for (let i = 0; i < Math.min(4, total / batch); i++) {
    const file = `/dev/shm/ja4ws-bench-${process.pid}-${i}.native`;
    writeFileSync(file, encoder.encode(pool));
    process.once('exit', () => rmSync(file, { force: true }));
    out.push({ insert: insertFromFile(store.database, 'tls_handshakes', cols, file) });
  }
  return out;
}

const [rowsArg, variant] = process.argv.slice(2);
const total = Number(rowsArg ?? 1_000_000);
if (variant) {
  await runVariant(total, variant as Variant);
} else {
  const results: unknown[] = [];
  for (const name of Object.keys(VARIANTS)) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, String(total), name],
      { encoding: 'utf8' },
    );
    const line = r.stdout.trim().split('\n').pop() ?? '';
    const ok = line.startsWith('{');
    process.stdout.write(ok ? `${line}\n` : `${name}: failed ${r.stderr.slice(-400)}\n`);
    if (ok) results.push(JSON.parse(line));
  }
  writeFileSync(join('bench', 'out', 'storage-insert.json'), JSON.stringify(results, null, 2));
}
