// 802.11 frames (LINKTYPE_IEEE802_11 105) and with a radiotap header (LINKTYPE_..._RADIOTAP 127):
// data frames carry LLC/SNAP (aa aa 03, OUI, EtherType) after a 24/30-byte MAC header (+2 QoS,
// +4 HT control). Protected frames (WEP/TKIP/CCMP) cannot be read without keys and are counted,
// as are management, control and null-data frames. A trailing FCS needs no trimming: the IP
// length bounds the packet.
import { Unsupported, type DecodeResult } from './decoded-packet.js';
import { Inner, setNext, u16, u16le, type Next } from './next.js';

const TYPE_MGMT = 0;
const TYPE_CTRL = 1;
const TYPE_DATA = 2;

export function radiotap(d: Uint8Array, nx: Next): DecodeResult {
  if (d.length < 8 || d[0] !== 0) return 'bad_radiotap';
  const len = u16le(d, 2);
  if (len < 8 || len > d.length) return 'bad_radiotap';
  return wlan(d, len, d.length, nx);
}

export function wlan(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult {
  if (end - off < 2) return 'bad_wlan';
  const fc0 = d[off] as number;
  const fc1 = d[off + 1] as number;
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  if ((fc0 & 3) !== 0) return 'bad_wlan'; // protocol version 0 only
  if (type === TYPE_MGMT) return 'wlan_management';
  if (type === TYPE_CTRL) return 'wlan_control';
  if (type !== TYPE_DATA) return 'bad_wlan';
  if (subtype & 0x04) return 'wlan_null_data'; // Null, CF-Ack/Poll without data
  const qos = (subtype & 0x08) !== 0;
  let hdr = 24;
  if ((fc1 & 0x03) === 0x03) hdr += 6; // ToDS + FromDS: 4th address (WDS / mesh)
  if (qos) hdr += 2;
  if (qos && fc1 & 0x80) hdr += 4; // +HTC
  if (end - off < hdr) return 'bad_wlan';
  if (fc1 & 0x40) return 'wlan_encrypted';
  if (qos && (d[off + hdr - (fc1 & 0x80 ? 6 : 2)] as number) & 0x80) return 'bad_wlan'; // A-MSDU
  const p = off + hdr;
  if (end - p < 8) return 'bad_wlan';
  if (d[p] !== 0xaa || d[p + 1] !== 0xaa || d[p + 2] !== 0x03) {
    nx.kind = Unsupported.LLC;
    nx.type = u16(d, p); // DSAP, SSAP
    return 'not_ip';
  }
  return setNext(nx, Inner.ETHERTYPE, p + 8, end, u16(d, p + 6));
}
