// HASSH / HASSH-server (Salesforce, BSD 3-Clause): MD5 of the KEXINIT algorithm lists
// `kex;encryption;mac;compression` of the client (client->server lists) or of the server
// (server->client lists). Reported beside JA4SSH as the Rust reference's ssh_extras do.
import type { KexInit } from '../ssh/kexinit.js';
import { md5Hex } from '../util/hash.js';

export function hassh(client: KexInit): { hassh: string; hassh_full: string } {
  const full = `${client.kexAlgorithms};${client.encryptionClientToServer};${client.macClientToServer};${client.compressionClientToServer}`;
  return { hassh: md5Hex(full), hassh_full: full };
}

export function hasshServer(server: KexInit): { hassh_server: string; hassh_server_full: string } {
  const full = `${server.kexAlgorithms};${server.encryptionServerToClient};${server.macServerToClient};${server.compressionServerToClient}`;
  return { hassh_server: md5Hex(full), hassh_server_full: full };
}

/** The cipher both sides will use server->client as the Rust tool reports it: the first of the server's list the client also offers. */
export function negotiatedEncryption(client: KexInit, server: KexInit): string | undefined {
  const offered = new Set(client.encryptionClientToServer.split(','));
  return server.encryptionServerToClient.split(',').find((a) => offered.has(a));
}
