// What a TCP connection spoke before its TLS began: STARTTLS-style upgrades (SMTP, IMAP, POP3,
// FTP AUTH TLS, LDAP StartTLS, XMPP, PostgreSQL SSLRequest, MySQL SSL request) and proxy hops
// (SOCKS 4/4a/5, HTTP CONNECT). The first bytes of each direction give a hint; when a direction
// later starts a TLS handshake the record names the hop in `tls_upgrade`. Pure, reads at most the
// first 64 bytes it is given.

export type UpgradeHint =
  | 'smtp_starttls'
  | 'imap_starttls'
  | 'pop3_stls'
  | 'ftp_auth_tls'
  | 'ldap_starttls'
  | 'xmpp_starttls'
  | 'postgres_sslrequest'
  | 'mysql_ssl'
  | 'socks4'
  | 'socks5'
  | 'http_connect'
  | 'openvpn';

function startsWith(b: Uint8Array, s: string, at = 0): boolean {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) {
    let c = b[at + i] as number;
    if (c >= 0x61 && c <= 0x7a) c -= 0x20; // commands are case-insensitive
    if (c !== s.charCodeAt(i)) return false;
  }
  return true;
}

function contains(b: Uint8Array, s: string, limit = 64): boolean {
  const n = Math.min(b.length, limit);
  for (let i = 0; i + s.length <= n; i++) if (startsWith(b, s, i)) return true;
  return false;
}

/** LDAP StartTLS: an LDAPMessage whose protocolOp is an ExtendedRequest [APPLICATION 23] naming 1.3.6.1.4.1.1466.20037. */
function isLdapStartTls(b: Uint8Array): boolean {
  return b[0] === 0x30 && contains(b, '1.3.6.1.4.1.1466.20037', 40);
}

/** The hint the first bytes of one direction give, if any. */
export function upgradeHint(b: Uint8Array, isClient: boolean): UpgradeHint | undefined {
  if (b.length === 0) return undefined;
  const b0 = b[0] as number;
  if (b0 === 0x05 && isClient) return 'socks5';
  if (b0 === 0x04 && isClient && b[1] === 0x01) return 'socks4';
  if (isLdapStartTls(b)) return 'ldap_starttls';
  if (startsWith(b, '<?XML') || startsWith(b, '<STREAM:STREAM')) return 'xmpp_starttls';
  // PostgreSQL SSLRequest: length 8, code 80877103 (0x04d2162f).
  if (b.length >= 8 && b0 === 0 && b[1] === 0 && b[2] === 0 && b[3] === 8 && b[4] === 0x04)
    return 'postgres_sslrequest';
  // MySQL: 3-byte little-endian length then a sequence id; the server's greeting is sequence 0
  // with protocol version 10, the client's SSL request sequence 1 with a 32-byte body.
  if (b.length >= 5 && b[3] === 0 && b[4] === 0x0a && !isClient) return 'mysql_ssl';
  if (b.length >= 4 && b0 === 32 && b[1] === 0 && b[2] === 0 && b[3] === 1 && isClient)
    return 'mysql_ssl';
  if (isClient) {
    if (startsWith(b, 'EHLO ') || startsWith(b, 'HELO ')) return 'smtp_starttls';
    if (startsWith(b, 'AUTH TLS') || startsWith(b, 'AUTH SSL') || startsWith(b, 'FEAT'))
      return 'ftp_auth_tls';
    if (startsWith(b, 'STLS') || startsWith(b, 'CAPA')) return 'pop3_stls';
    if (contains(b, ' STARTTLS') || contains(b, ' CAPABILITY')) return 'imap_starttls';
    if (startsWith(b, 'CONNECT ')) return 'http_connect';
    return undefined;
  }
  if (startsWith(b, '* OK')) return 'imap_starttls';
  if (startsWith(b, '+OK')) return 'pop3_stls';
  if (startsWith(b, '220') && (contains(b, 'SMTP') || contains(b, 'ESMTP'))) return 'smtp_starttls';
  if (startsWith(b, '220') && contains(b, 'FTP')) return 'ftp_auth_tls';
  return undefined;
}
