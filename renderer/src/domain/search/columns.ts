import type { SearchRow } from '../../../../common/api/search.js';
import type { PivotKind } from '../../core/ui/Pivot.js';

export type ColumnId = keyof SearchRow;

export const columnDefs: {
  id: ColumnId;
  label: string;
  pivot?: PivotKind;
  width: number;
  requestOnly?: boolean;
}[] = [
  { id: 'ts', label: 'Time', width: 190 },
  { id: 'src', label: 'Client', pivot: 'ip', width: 150 },
  { id: 'src_port', label: 'Port', width: 64 },
  { id: 'dst', label: 'Server', pivot: 'ip', width: 150 },
  { id: 'dst_port', label: 'Server port', width: 64 },
  { id: 'sni', label: 'SNI', pivot: 'sni', width: 220 },
  { id: 'ja4', label: 'JA4', pivot: 'ja4', width: 290 },
  { id: 'ja4s', label: 'JA4S', width: 200 },
  { id: 'ja3', label: 'JA3', pivot: 'ja3', width: 260 },
  { id: 'alpn', label: 'ALPN', width: 60 },
  { id: 'tls_version', label: 'TLS', width: 60 },
  { id: 'tls_upgrade', label: 'Before TLS', width: 120 },
  { id: 'sensor', label: 'Sensor', width: 160 },
  { id: 'method', label: 'Method', width: 70, requestOnly: true },
  { id: 'host', label: 'Host', pivot: 'host', width: 180, requestOnly: true },
  { id: 'path', label: 'Path', pivot: 'path', width: 240, requestOnly: true },
  { id: 'status', label: 'Status', width: 64, requestOnly: true },
  { id: 'user_agent', label: 'User-Agent', pivot: 'ua', width: 320, requestOnly: true },
  { id: 'correlation', label: 'Correlation', width: 110, requestOnly: true },
];

export const defaultColumns: ColumnId[] = [
  'ts',
  'src',
  'dst',
  'sni',
  'ja4',
  'ja3',
  'host',
  'path',
  'status',
  'user_agent',
];
