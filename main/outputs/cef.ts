// ArcSight Common Event Format: CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Ext.
// Header fields escape '|' and '\'; extension values escape '\', '=' and line breaks. Keys are
// CEF's own dictionary (src, spt, dst, dpt, rt, requestMethod, request, requestClientApplication)
// and custom strings with labels (cs1 = JA4, cs2 = JA3, cs3 = JA4H, cs4 = correlation).
import { eventTimeMs, type OutputEvent } from './event.js';

export function cefHeader(v: string): string {
  return v.replace(/[\\|]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ');
}

export function cefValue(v: string): string {
  return v
    .replace(/[\\=]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

export function cef(e: OutputEvent, version = '0.1.0'): string {
  const ext: [string, string][] = [['rt', String(eventTimeMs(e))]];
  let sig: string;
  let name: string;
  let sev: number;
  if (e.type === 'anomaly') {
    const a = e.anomaly;
    sig = `anomaly-${a.entity_type}`;
    name = `Anomalous ${a.entity_type === 'ip' ? 'client' : 'client and JA4'}`;
    sev = Math.max(0, Math.min(10, Math.round(a.score * 10)));
    ext.push(['src', a.src_ip]);
    if (a.ja4) ext.push(['cs1', a.ja4], ['cs1Label', 'JA4']);
    ext.push(['cfp1', a.score.toFixed(3)], ['cfp1Label', 'score']);
    if (a.reasons.length > 0) ext.push(['msg', a.reasons.join('; ')]);
  } else {
    const c = e.event;
    sig = `correlated-${c.correlation}`;
    name = c.request ? 'HTTP request' : 'TLS handshake';
    sev = 1;
    ext.push(['src', c.src_ip], ['spt', String(c.src_port)]);
    if (c.dst_ip) ext.push(['dst', c.dst_ip]);
    if (c.dst_port !== undefined) ext.push(['dpt', String(c.dst_port)]);
    if (c.handshake?.ja4) ext.push(['cs1', c.handshake.ja4], ['cs1Label', 'JA4']);
    if (c.handshake?.ja3) ext.push(['cs2', c.handshake.ja3], ['cs2Label', 'JA3']);
    if (c.ja4h) ext.push(['cs3', c.ja4h], ['cs3Label', 'JA4H']);
    ext.push(['cs4', c.correlation], ['cs4Label', 'correlation']);
    if (c.request) {
      ext.push(['requestMethod', c.request.method]);
      const q = c.request.query ? `?${c.request.query}` : '';
      ext.push(['request', `${c.request.host ?? ''}${c.request.path}${q}`]);
      const ua = c.request.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
      if (ua) ext.push(['requestClientApplication', ua]);
    }
  }
  const head = ['CEF:0', 'ja4ws', 'ja4-workstation', version, sig, name, String(sev)]
    .map((h, i) => (i === 0 ? h : cefHeader(h)))
    .join('|');
  return `${head}|${ext.map(([k, v]) => `${k}=${cefValue(v)}`).join(' ')}`;
}
