// Records as output text with a hole for the stream number: a thread of `--threads N` writes its
// records in the output format itself (the costly part: JSON of ~1.2 KB a record on handshake
// traffic), but only the reader knows the stream numbers across threads (merge.ts), so each line
// goes to it with where its stream number is. The reader writes the text before the number, its
// number and the text after: the bytes createWriter (output.ts) writes for the renumbered record.
import type { ConnectionRecord } from '../../../../common/events/connection.js';
import { csvLine } from '../../../../common/util/csv.js';
import { CSV_COLUMNS, createWriter, type OutputFormat } from '../output.js';

/**
 * A record's line as a thread writes it, with its local stream number: `at` is where the number
 * starts, `len` its length. The reader writes line[0, at) + its number + line[at + len, end).
 */
export type Holed = (r: ConnectionRecord) => [line: string, at: number, len: number];

const JSON_STREAM = '"stream":';
const CSV_STREAM = CSV_COLUMNS.indexOf('stream');

/**
 * JSON: `stream` follows only string and number fields (RECORD_KEY_ORDER), in which a quote is
 * always escaped, so the first `"stream":` is the key. CSV: after the cells of the columns before
 * it. The table is written from the JSON (it is buffered and meant for small files anyway).
 */
export function holedEncoder(format: OutputFormat): Holed {
  if (format === 'csv') {
    const before = CSV_COLUMNS.slice(0, CSV_STREAM);
    const cells = (r: ConnectionRecord, cols: readonly string[]) =>
      csvLine(cols.map((c) => (r as unknown as Record<string, unknown>)[c]));
    return (r) => [
      cells(r, CSV_COLUMNS) + '\n',
      before.length > 0 ? cells(r, before).length + 1 : 0,
      String(r.stream).length,
    ];
  }
  return (r) => {
    const s = JSON.stringify(r);
    const at = s.indexOf(JSON_STREAM);
    if (at < 0) throw new Error('a record without a stream number');
    return [s + '\n', at + JSON_STREAM.length, String(r.stream).length];
  };
}

export interface HoledWriter {
  write(head: string, stream: number, tail: string): void;
  end(): void;
}

/** Writes holed lines with their stream numbers as createWriter writes the records. */
export function holedWriter(format: OutputFormat, out: (s: string) => void): HoledWriter {
  const w = createWriter(format, out);
  if (format === 'table')
    return {
      write: (head, stream, tail) => w.write(JSON.parse(head + stream + tail) as ConnectionRecord),
      end: () => w.end(),
    };
  return { write: (head, stream, tail) => out(head + stream + tail), end: () => w.end() };
}
