// NSS key log (SSLKEYLOGFILE) lines, as found in pcapng Decryption Secrets Blocks:
// `<LABEL> <client_random hex> <secret hex>`. Indexed by client random, then label.

export type KeyLog = Map<string, Map<string, Buffer>>;

export function addKeyLogText(log: KeyLog, text: string): void {
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 3 || parts[0]?.startsWith('#')) continue;
    const [label, random, secret] = parts as [string, string, string];
    if (
      !/^[0-9a-fA-F]{64}$/.test(random) ||
      !/^[0-9a-fA-F]+$/.test(secret) ||
      secret.length % 2 !== 0
    )
      continue;
    const key = random.toLowerCase();
    let m = log.get(key);
    if (m === undefined) {
      m = new Map();
      log.set(key, m);
    }
    m.set(label, Buffer.from(secret, 'hex'));
  }
}
