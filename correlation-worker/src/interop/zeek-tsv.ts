// Zeek's ASCII log (TSV with '#' header lines) to one object per row, keyed like Zeek's JSON
// writer ("id.orig_h"), so one mapper serves both encodings. The header is re-read whenever it
// appears again: a rotated or restarted log starts with a new one, possibly with other fields.
// Conventions (Zeek's ASCII writer): '#separator \x09', '#set_separator ,', '#unset_field -'
// (absent), '#empty_field (empty)' (empty set or string); non-printable bytes are written \xHH.
import type { LineOutcome } from './event.js';
import { bad } from './map-util.js';

export interface ZeekTsvHeader {
  path: string | undefined;
  fields: string[];
  types: string[];
}

export type TsvRow =
  { ok: true; path: string | undefined; row: Record<string, unknown> } | LineOutcome;

const COUNT_TYPES = new Set(['count', 'int', 'port', 'double', 'interval', 'time']);

function unescape(s: string): string {
  return s.indexOf('\\x') < 0
    ? s
    : s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export class ZeekTsvReader {
  private sep = '\t';
  private setSep = ',';
  private unset = '-';
  private empty = '(empty)';
  private header: ZeekTsvHeader = { path: undefined, fields: [], types: [] };

  /** Lines starting with '#' update the header and yield nothing; others yield their row. */
  line(text: string): TsvRow | undefined {
    if (text.startsWith('#')) {
      this.directive(text);
      return undefined;
    }
    const { fields, types, path } = this.header;
    if (fields.length === 0)
      return bad('missing_field', '#fields', 'a Zeek TSV row before any #fields header line');
    const cols = text.split(this.sep);
    if (cols.length !== fields.length)
      return bad(
        'invalid_field',
        '#fields',
        `a row of ${cols.length} columns where #fields names ${fields.length}`,
      );
    const row: Record<string, unknown> = {};
    for (let i = 0; i < cols.length; i++) {
      const raw = cols[i] as string;
      if (raw === this.unset) continue;
      const type = types[i] ?? 'string';
      const name = fields[i] as string;
      if (/^(set|vector|table)\[/.test(type)) {
        row[name] = raw === this.empty ? [] : raw.split(this.setSep).map(unescape);
      } else if (COUNT_TYPES.has(type)) {
        const n = Number(raw);
        if (!Number.isFinite(n))
          return bad('invalid_field', name, `invalid field \`${name}\`: expected a ${type}`);
        row[name] = n;
      } else if (type === 'bool') {
        row[name] = raw === 'T';
      } else {
        row[name] = raw === this.empty ? '' : unescape(raw);
      }
    }
    return { ok: true, path, row };
  }

  private directive(text: string): void {
    const sp = text.startsWith('#separator') ? text.indexOf(' ') : text.indexOf(this.sep);
    if (sp < 0) return;
    const key = text.slice(1, sp);
    const value = text.slice(sp + 1);
    switch (key) {
      case 'separator':
        this.sep = unescape(value);
        break;
      case 'set_separator':
        this.setSep = value;
        break;
      case 'unset_field':
        this.unset = value;
        break;
      case 'empty_field':
        this.empty = value;
        break;
      case 'path':
        this.header = { ...this.header, path: value };
        break;
      case 'fields':
        this.header = { ...this.header, fields: value.split(this.sep), types: [] };
        break;
      case 'types':
        this.header = { ...this.header, types: value.split(this.sep) };
        break;
    }
  }
}
