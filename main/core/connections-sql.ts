// TLS connections as analysts read them: one row per connection from tls_handshakes, with the
// values of its final record where one was stored in tls_handshake_finals (migrations/0014: a
// live connection's early row is the counted one; its final record, kept only when it adds
// something such as certificates or a late ServerHello, is preferred for display).
//
// `where` is applied to both tables and to the lookup of final rows, so each side reads only the
// window and filter asked for (both tables are ordered by (src_ip, ts) with the same skip
// indexes). It must only test fields a final record cannot change (time, addresses, SNI, JA4,
// JA3, sensor): those the engine takes from the ClientHello and the connection's first packet.

/** A subquery of every TLS connection matching `where` (columns as tls_handshakes). */
export function tlsConnections(where: string, alias = 'e'): string {
  const id = (a: string) =>
    `(${a}.sensor, ${a}.src_ip, ${a}.src_port, ${a}.dst_ip, ${a}.dst_port, ${a}.ts)`;
  return `(SELECT * FROM tls_handshakes AS ${alias} WHERE ${where} AND ${id(alias)} NOT IN (
      SELECT sensor, src_ip, src_port, dst_ip, dst_port, ts FROM tls_handshake_finals AS ${alias} WHERE ${where})
    UNION ALL
    SELECT * FROM tls_handshake_finals AS ${alias} WHERE ${where})`;
}
