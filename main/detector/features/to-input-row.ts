// Correlated event -> detector input row. Pure: header lookups are case-insensitive (HTTP/2
// lowercases names, HTTP/1 servers log them as sent).
import type { DetectorEvent } from '../events/correlated-event.js';
import type { InputRow } from './input-table.js';

/** ClickHouse DateTime64(3) text in UTC. */
export function chTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function toInputRow(e: DetectorEvent): InputRow {
  const headers = e.headers ?? [];
  let ua = '';
  let lang = false;
  let cookie = false;
  for (const [name, value] of headers) {
    const n = name.toLowerCase();
    if (n === 'user-agent') ua = value;
    else if (n === 'accept-language' && value !== '') lang = true;
    else if (n === 'cookie' && value !== '') cookie = true;
  }
  return {
    time: chTime(e.time),
    src_ip: e.src_ip,
    src_port: e.src_port ?? 0,
    ja4: e.ja4 ?? '',
    handshake_only: e.correlation === 'handshake-only' ? 1 : 0,
    method: e.method ?? '',
    path: e.path ?? '',
    http_version: e.http_version ?? '',
    status: e.status ?? 0,
    user_agent: ua,
    header_count: headers.length,
    has_accept_language: lang ? 1 : 0,
    has_cookie: cookie ? 1 : 0,
  };
}
