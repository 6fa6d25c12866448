// The full result of a search, streamed from ClickHouse to the HTTP response without holding it:
// CSV (formula-safe, common/util/csv.ts: written here from JSONCompactEachRowWithNames rather than by
// ClickHouse's CSVWithNames, which would pass `=HYPERLINK(...)` in a Host or User-Agent through to
// the analyst's spreadsheet) or one JSON array. HTTP only (the desktop's
// IPC carries whole values, not streams); it sits behind the same bearer token as every route.
import type { ServerResponse } from 'node:http';
import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { type ExportFormat, SearchQuery } from '../../../common/api/search.js';
import { csvLine } from '../../../common/util/csv.js';
import { describeIssues } from '../../../common/util/zod-issues.js';
import { pairsFor, searchSql } from './operations.js';

type Row = { text: string; json<T>(): T };

export class ExportInputError extends Error {
  constructor(
    message: string,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

export function parseExportInput(raw: unknown): z.infer<typeof SearchQuery> {
  const parsed = SearchQuery.safeParse(raw ?? {});
  if (!parsed.success) {
    const [p] = describeIssues(parsed.error.issues, raw ?? {});
    const field = p?.kind === 'unknown' ? p.path.split('.').slice(0, -1).join('.') : p?.path;
    throw new ExportInputError(`search.export: ${p?.message ?? 'invalid'}`, field || undefined);
  }
  return parsed.data;
}

export async function streamSearchExport(
  ch: ClickHouseClient,
  input: z.infer<typeof SearchQuery>,
  format: ExportFormat,
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
): Promise<number> {
  const { sql, params } = searchSql(input, input.columns !== undefined, await pairsFor(ch, input));
  // Column names come from the contract's enum, never from the caller's text.
  const query = input.columns
    ? `SELECT ${input.columns.map((c) => `\`${c}\``).join(', ')} FROM (${sql})`
    : sql;
  const rs = await ch.query({
    query,
    query_params: params,
    format: format === 'csv' ? 'JSONCompactEachRowWithNames' : 'JSONEachRow',
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  res.writeHead(200, {
    ...headers,
    'content-type':
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="ja4ws-${input.source}-${stamp}.${format}"`,
  });
  const write = (text: string): Promise<void> | undefined =>
    res.write(text) ? undefined : new Promise((r) => res.once('drain', r));
  let n = 0;
  if (format === 'json') await write('[');
  for await (const batch of rs.stream() as AsyncIterable<Row[]>) {
    for (const row of batch) {
      // The CSV's first row is the names row of JSONCompactEachRowWithNames.
      const text =
        format === 'csv'
          ? `${csvLine(row.json<unknown[]>())}\n`
          : `${n === 0 ? '' : ',\n'}${row.text}`;
      n++;
      const wait = write(text);
      if (wait) await wait;
    }
  }
  if (format === 'json') await write(']\n');
  res.end();
  return format === 'csv' ? Math.max(0, n - 1) : n;
}
