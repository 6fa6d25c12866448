// libpcap DLT names (as the `cap` addon reports them) to LINKTYPE numbers used in pcap files.
const byName: Record<string, number> = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
  IEEE802_11_RADIO: 127,
};

/** The `cap` addon names five link types and reports others as "Unknown linktype N". */
export function linkTypeFromCapName(name: string): number | undefined {
  const known = byName[name];
  if (known !== undefined) return known;
  const m = /^Unknown linktype (\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
