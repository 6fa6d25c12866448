// Search filters -> WHERE clauses with parameters, on the table aliased `e` (the SELECT list's
// aliases such as ts and status would otherwise shadow the columns). IP and CIDR use the primary key (e.src_ip) through
// IPv6CIDRToRange; JA4/JA3 and text filters are exact, or LIKE with escaped patterns when they hold `*`.
import type { SearchFilters, SearchSource } from '../../../common/api/search.js';
import { isIPv4Text } from '../../../common/api/ip-address.js';
import { inWindow, type Params, textMatch } from '../../core/sql-parts.js';

export const SOURCE_TABLE: Record<SearchSource, string> = {
  handshakes: 'tls_handshakes',
  requests: 'http_logs',
};

/** The (JA4, User-Agent) pairs the mismatch filter keeps, judged beforehand (mismatch/pairs.ts). */
export interface PairSet {
  ja4s: string[];
  uas: string[];
}

export function searchWhere(filters: SearchFilters, params: Params, pairs?: PairSet): string {
  const where = [inWindow('e.ts')];
  if (filters.mismatch !== undefined) {
    if (!pairs) throw new Error('searchWhere: the mismatch filter needs its judged pairs');
    params.mm_ja4s = pairs.ja4s;
    params.mm_uas = pairs.uas;
    where.push(`(e.ja4, e.user_agent) IN (
      SELECT t.1, t.2 FROM (SELECT arrayJoin(arrayZip({mm_ja4s:Array(String)}, {mm_uas:Array(String)})) AS t))`);
  }
  if (filters.ip !== undefined) where.push(ipClause(filters.ip, params));
  if (filters.ja4 !== undefined) where.push(textMatch('e.ja4', 'f_ja4', filters.ja4, params));
  if (filters.ja3 !== undefined)
    where.push(textMatch('e.ja3', 'f_ja3', filters.ja3.toLowerCase(), params));
  if (filters.sni !== undefined)
    where.push(textMatch('e.tls_server_name', 'f_sni', filters.sni, params));
  if (filters.host !== undefined) where.push(textMatch('e.host', 'f_host', filters.host, params));
  if (filters.path !== undefined) where.push(textMatch('e.path', 'f_path', filters.path, params));
  if (filters.user_agent !== undefined)
    where.push(textMatch('e.user_agent', 'f_ua', filters.user_agent, params));
  if (filters.sensor !== undefined)
    where.push(textMatch('e.sensor', 'f_sensor', filters.sensor, params));
  if (filters.status !== undefined) {
    if (/xx$/i.test(filters.status)) {
      params.f_status_class = Number(filters.status[0]);
      where.push('intDiv(e.status, 100) = {f_status_class:UInt16}');
    } else {
      params.f_status = Number(filters.status);
      where.push('e.status = {f_status:UInt16}');
    }
  }
  return where.join(' AND ');
}

/** Client or server side; IPv4 is stored IPv4-mapped, so an IPv4 block becomes ::ffff:a.b.c.d/(96+n). */
function ipClause(value: string, params: Params): string {
  const slash = value.indexOf('/');
  if (slash < 0) {
    params.f_ip = value;
    return '(e.src_ip = toIPv6({f_ip:String}) OR e.dst_ip = toIPv6({f_ip:String}))';
  }
  const net = value.slice(0, slash);
  const prefix = Number(value.slice(slash + 1));
  const v4 = isIPv4Text(net);
  params.f_net = v4 ? `::ffff:${net}` : net;
  params.f_prefix = v4 ? 96 + prefix : prefix;
  const range = 'IPv6CIDRToRange(toIPv6({f_net:String}), {f_prefix:UInt8})';
  return `(e.src_ip BETWEEN tupleElement(${range}, 1) AND tupleElement(${range}, 2)
           OR e.dst_ip BETWEEN tupleElement(${range}, 1) AND tupleElement(${range}, 2))`;
}
