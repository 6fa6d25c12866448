import type { SearchRow, SearchSource } from '../../../../common/api/search.js';
import type { PivotKind } from '../../core/ui/Pivot.js';

export type ColumnId = keyof SearchRow;

export const columnDefs: {
  id: ColumnId;
  label: string;
  pivot?: PivotKind;
  /** Starting width in pixels; the analyst can drag it. Times fit whole (ms included). */
  width: number;
  requestOnly?: boolean;
  numeric?: boolean;
}[] = [
  { id: 'ts', label: 'Time', width: 215 },
  { id: 'src', label: 'Client', pivot: 'ip', width: 150 },
  { id: 'src_port', label: 'Port', width: 64, numeric: true },
  { id: 'dst', label: 'Server', pivot: 'ip', width: 150 },
  { id: 'dst_port', label: 'Server port', width: 64, numeric: true },
  { id: 'sni', label: 'SNI', pivot: 'sni', width: 200 },
  { id: 'ja4', label: 'JA4', pivot: 'ja4', width: 290 },
  { id: 'ja4s', label: 'JA4S', width: 200 },
  { id: 'ja3', label: 'JA3', pivot: 'ja3', width: 260 },
  { id: 'alpn', label: 'ALPN', width: 60 },
  { id: 'tls_version', label: 'TLS', width: 60 },
  { id: 'tls_upgrade', label: 'Before TLS', width: 120 },
  { id: 'sensor', label: 'Sensor', width: 160 },
  { id: 'method', label: 'Method', width: 70, requestOnly: true },
  { id: 'host', label: 'Host', pivot: 'host', width: 160, requestOnly: true },
  { id: 'path', label: 'Path', pivot: 'path', width: 240, requestOnly: true },
  { id: 'status', label: 'Status', width: 64, requestOnly: true, numeric: true },
  { id: 'user_agent', label: 'User-Agent', pivot: 'ua', width: 320, requestOnly: true },
  { id: 'correlation', label: 'Correlation', width: 110, requestOnly: true },
];

/**
 * What each table shows first: for requests what was asked (method, host, path, status,
 * User-Agent) next to the client, all inside 1440 px; for handshakes the TLS identity.
 */
const defaults: Record<SearchSource, ColumnId[]> = {
  requests: ['ts', 'src', 'method', 'host', 'path', 'status', 'user_agent', 'ja4'],
  handshakes: ['ts', 'src', 'dst', 'sni', 'ja4', 'ja3', 'alpn', 'tls_version'],
};

export function defaultColumnsFor(source: SearchSource): ColumnId[] {
  return defaults[source];
}

/** @deprecated the handshake defaults; use defaultColumnsFor(source). */
export const defaultColumns: ColumnId[] = defaults.handshakes;
