// Traffic generator for the capture benchmarks: UDP datagrams on 127.0.0.1 at a fixed rate, each
// carrying its sequence number (8 bytes, big-endian) so captures can be matched packet by packet.
// Usage: npx tsx bench/capture/udp-blast.ts <port> <packets/s> <seconds> [payload bytes=64]
// Prints one JSON line: {"sent": N, "seconds": S}.
import { createSocket } from 'node:dgram';

export async function blast(
  port: number,
  rate: number,
  seconds: number,
  size = 64,
): Promise<{ sent: number; seconds: number }> {
  const sock = createSocket('udp4');
  const total = Math.round(rate * seconds);
  const payload = Buffer.alloc(Math.max(8, size));
  const t0 = process.hrtime.bigint();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const step = (): void => {
      const elapsedS = Number(process.hrtime.bigint() - t0) / 1e9;
      const due = Math.min(total, Math.floor(elapsedS * rate));
      while (sent < due) {
        const b = Buffer.from(payload);
        b.writeBigUInt64BE(BigInt(sent), 0);
        sock.send(b, port, '127.0.0.1');
        sent++;
      }
      if (sent >= total) resolve();
      else setImmediate(step);
    };
    step();
  });
  await new Promise((r) => setTimeout(r, 50));
  sock.close();
  return { sent, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

if (process.argv[1]?.endsWith('udp-blast.ts')) {
  const [port, rate, seconds, size] = process.argv.slice(2).map(Number);
  const r = await blast(port!, rate!, seconds!, size || 64);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
