// SSH_MSG_KEXINIT payload (RFC 4253 §7.1): cookie and ten name-lists. Errors: ParseError('ssh_parse').
import { ByteReader } from '../util/reader.js';
import { latin1 } from '../util/utf8.js';
import { SSH_MSG_KEXINIT } from './packet.js';

export interface KexInit {
  readonly kexAlgorithms: string;
  readonly serverHostKeyAlgorithms: string;
  readonly encryptionClientToServer: string;
  readonly encryptionServerToClient: string;
  readonly macClientToServer: string;
  readonly macServerToClient: string;
  readonly compressionClientToServer: string;
  readonly compressionServerToClient: string;
  readonly languagesClientToServer: string;
  readonly languagesServerToClient: string;
  readonly firstKexPacketFollows: boolean;
}

export function parseKexInit(payload: Uint8Array): KexInit {
  const r = new ByteReader(payload, 'ssh_parse');
  const type = r.u8('kexinit.type');
  if (type !== SSH_MSG_KEXINIT) r.fail('kexinit.type', `message type ${type} is not KEXINIT`);
  r.skip(16, 'kexinit.cookie');
  const list = (field: string): string => {
    const len = r.u32(field);
    r.need(len, field);
    const s = latin1(payload, r.pos, r.pos + len);
    r.pos += len;
    return s;
  };
  return {
    kexAlgorithms: list('kex_algorithms'),
    serverHostKeyAlgorithms: list('server_host_key_algorithms'),
    encryptionClientToServer: list('encryption_algorithms_client_to_server'),
    encryptionServerToClient: list('encryption_algorithms_server_to_client'),
    macClientToServer: list('mac_algorithms_client_to_server'),
    macServerToClient: list('mac_algorithms_server_to_client'),
    compressionClientToServer: list('compression_algorithms_client_to_server'),
    compressionServerToClient: list('compression_algorithms_server_to_client'),
    languagesClientToServer: list('languages_client_to_server'),
    languagesServerToClient: list('languages_server_to_client'),
    firstKexPacketFollows: r.u8('first_kex_packet_follows') !== 0,
  };
}
