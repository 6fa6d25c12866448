// IP address text: dotted IPv4, RFC 5952 IPv6 (lowercase, longest zero run of >= 2 groups
// compressed, first one on ties) — the form tshark and the reference records print.

export function ipToString(d: Uint8Array, off: number, version: 4 | 6): string {
  if (version === 4) return `${d[off]}.${d[off + 1]}.${d[off + 2]}.${d[off + 3]}`;
  const g: number[] = new Array<number>(8);
  for (let i = 0; i < 8; i++)
    g[i] = ((d[off + 2 * i] as number) << 8) | (d[off + 2 * i + 1] as number);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return g.map((x) => x.toString(16)).join(':');
  const head = g
    .slice(0, bestStart)
    .map((x) => x.toString(16))
    .join(':');
  const tail = g
    .slice(bestStart + bestLen)
    .map((x) => x.toString(16))
    .join(':');
  return `${head}::${tail}`;
}
