// The full result of a search, streamed from ClickHouse to a file without holding it: CSV
// (formula-safe, common/util/csv.ts: written here from JSONCompactEachRowWithNames rather than by
// ClickHouse's CSVWithNames, which would pass `=HYPERLINK(...)` in a Host or User-Agent through to
// the analyst's spreadsheet) or one JSON array. The file is the binding's: the HTTP response, or
// a file the desktop's user chose in a save dialog (main/core/file-transfer.ts).
import type { ClickHouseClient } from '@clickhouse/client';
import type { FileSaved } from '../../../common/api/operation.js';
import type { SearchQuery } from '../../../common/api/search.js';
import { csvLine } from '../../../common/util/csv.js';
import type { DownloadTarget } from '../../core/file-transfer.js';
import { pairsFor, searchSql } from './operations.js';

type Row = { text: string; json<T>(): T };

export async function exportSearch(
  ch: ClickHouseClient,
  input: SearchQuery,
  target: DownloadTarget,
): Promise<FileSaved> {
  const { format } = input;
  const { sql, params } = searchSql(input, input.columns !== undefined, await pairsFor(ch, input));
  // Column names come from the contract's enum, never from the caller's text.
  const query = input.columns
    ? `SELECT ${input.columns.map((c) => `\`${c}\``).join(', ')} FROM (${sql})`
    : sql;
  // The query runs before the destination opens: a refused query is an error, not an empty file.
  const rs = await ch.query({
    query,
    query_params: params,
    format: format === 'csv' ? 'JSONCompactEachRowWithNames' : 'JSONEachRow',
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = await target.open({
    name: `ja4ws-${input.source}-${stamp}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
  });
  if (out === undefined) {
    rs.close();
    return { saved: false, path: '', bytes: 0 };
  }
  let first = true;
  try {
    if (format === 'json') await out.write('[');
    for await (const batch of rs.stream() as AsyncIterable<Row[]>) {
      for (const row of batch) {
        // The CSV's first row is the names row of JSONCompactEachRowWithNames.
        await out.write(
          format === 'csv'
            ? `${csvLine(row.json<unknown[]>())}\n`
            : `${first ? '' : ',\n'}${row.text}`,
        );
        first = false;
      }
    }
    if (format === 'json') await out.write(']\n');
    await out.end();
  } catch (err) {
    await out.abort();
    throw err;
  }
  return { saved: true, path: out.path, bytes: out.bytes };
}
