#!/usr/bin/env bash
# Writes <capture>.tshark.json beside each capture given: Debian's tshark's view of it (its version,
# the frame count, and every TLS/DTLS ClientHello and ServerHello with addresses, ports, JA3/JA3S,
# SNI and ALPN), plus JA4 and JA4S computed here, in Python, from tshark's dissected fields (cipher
# suites, extension types, signature algorithms, versions, ALPN) following FoxIO's JA4 spec. Tests
# compare the project's output with these files: an oracle that is not the project itself.
# Addresses and ports are the innermost ones (tunnelled captures carry several).
#   tools/tshark-view.sh capture.pcap...
set -euo pipefail
version=$(tshark --version | head -1)
fields=(frame.number ip.src udp.srcport tcp.srcport ip.dst udp.dstport tcp.dstport
  tls.handshake.type dtls.handshake.type tls.handshake.ja3 tls.handshake.ja3s
  tls.handshake.extensions_server_name tls.handshake.extensions_alpn_str tcp.stream quic.long.packet_type
  tls.handshake.version dtls.handshake.version tls.handshake.extensions.supported_version
  tls.handshake.ciphersuite dtls.handshake.ciphersuite tls.handshake.extension.type
  dtls.handshake.extension.type tls.handshake.sig_hash_alg dtls.handshake.sig_hash_alg
  dtls.handshake.extensions_alpn_str ipv6.src ipv6.dst tls.handshake.sig_hash_alg_len
  dtls.handshake.sig_hash_alg_len)
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done
for f in "$@"; do
  frames=$(tshark -r "$f" 2>/dev/null | wc -l)
  tshark -r "$f" -Y 'tls.handshake.type==1 || tls.handshake.type==2 || dtls.handshake.type==1 || dtls.handshake.type==2' \
    -T fields -E separator=/t "${args[@]}" 2>/dev/null |
    FRAMES=$frames TSHARK="$version" NFIELDS=${#fields[@]} python3 -c '
import hashlib, json, os, sys
first = lambda v: v.split(",")[0]
last = lambda v: v.split(",")[-1]
nums = lambda v: [int(x, 0) for x in v.split(",") if x]
grease = lambda v: (v & 0x0F0F) == 0x0A0A and (v >> 8) == (v & 0xFF)
VERSIONS = {0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3", 0x0002: "s2",
            0xFEFF: "d1", 0xFEFD: "d2", 0xFEFC: "d3"}
h12 = lambda s: hashlib.sha256(s.encode()).hexdigest()[:12]
def alpn_chars(alpn):
    if not alpn: return "00"
    v = alpn.split(",")[0]
    if not v: return "00"
    if v[0].isalnum() and v[-1].isalnum() and v.isascii(): return v[0] + v[-1]
    x = v.encode().hex()
    return x[0] + x[-1]
hellos = []
n = int(os.environ["NFIELDS"])
for line in sys.stdin:
    c = (line.rstrip("\n").split("\t") + [""] * n)[:n]
    (fr, src, usp, tsp, dst, udp, tdp, typ, dtyp, ja3, ja3s, sni, alpn, stream, quic, hsver, dhsver,
     supver, ciphers, dciphers, exts, dexts, sigs, dsigs, dalpn, src6, dst6, siglen, dsiglen) = c
    src, dst = src or src6, dst or dst6
    dtls = bool(dtyp)
    typ = first(typ or dtyp)
    ciphers, exts, sigs, hsver, alpn, siglen = (dciphers, dexts, dsigs, dhsver, dalpn, dsiglen) if dtls else (ciphers, exts, sigs, hsver, alpn, siglen)
    # ports: a tunnel (VXLAN, Geneve) adds an outer UDP header; the innermost one is last
    sport, dport = (last(tsp), last(tdp)) if tsp else (last(usp), last(udp))
    h = {"frame": int(fr), "transport": "tcp" if tsp else "udp", "src": last(src),
         "src_port": int(sport), "dst": last(dst), "dst_port": int(dport),
         "type": "client" if typ == "1" else "server"}
    if stream: h["stream"] = int(last(stream))
    proto = "q" if quic else "d" if dtls else "t"
    vers = [v for v in nums(supver) if not grease(v)] or nums(hsver)[:1]
    ver = VERSIONS.get(max(vers) if vers else 0, "00")
    cs = [v for v in nums(ciphers) if not grease(v)]
    ex = [v for v in nums(exts) if not grease(v)]
    if h["type"] == "client":
        if ja3: h["ja3"] = first(ja3)
        if sni: h["sni"] = first(sni)
        sn = "d" if 0 in ex else "i"
        a = f"{proto}{ver}{sn}{min(len(cs), 99):02d}{min(len(ex), 99):02d}{alpn_chars(alpn)}"
        b = h12(",".join(sorted(f"{v:04x}" for v in cs))) if cs else "000000000000"
        rest = ",".join(sorted(f"{v:04x}" for v in ex if v not in (0, 16)))
        # GREASE dropped from the signature algorithms too (ja4-spec §12.6)
        # tshark puts every signature-algorithm list of the hello in one field: delegated_credentials
        # (34) and signature_algorithms_cert (50) too. JA4 takes only signature_algorithms (13):
        # cut the field by the length of each list, in the order their extensions came.
        sig_all, lens = nums(sigs), [int(x) // 2 for x in siglen.split(",") if x]
        carriers = [v for v in ex if v in (13, 34, 50)]
        if len(lens) > 1 and len(lens) == len(carriers) and 13 in carriers:
            at = sum(lens[: carriers.index(13)])
            sig_all = sig_all[at : at + lens[carriers.index(13)]]
        sg = ",".join(f"{v:04x}" for v in sig_all if not grease(v))
        cc = h12(rest + ("_" + sg if sg else "")) if rest or sg else "000000000000"
        h["ja4"] = f"{a}_{b}_{cc}"
    else:
        if ja3s: h["ja3s"] = first(ja3s)
        h["ja4s"] = (f"{proto}{ver}{min(len(ex), 99):02d}{alpn_chars(alpn)}_{(cs or [0])[0]:04x}_"
                     + h12(",".join(f"{v:04x}" for v in ex)))
    if alpn: h["alpn"] = alpn
    hellos.append(h)
print(json.dumps({"tshark": os.environ["TSHARK"], "frames": int(os.environ["FRAMES"]), "hellos": hellos}, indent=1))
' >"${f%.*}.tshark.json"
done
