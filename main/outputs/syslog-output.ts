// Syslog to a SIEM over UDP (one datagram per message, RFC 5426), TCP (octet-counting framing,
// RFC 6587) or TLS (RFC 5425, same framing). A lost connection is reopened on the next batch,
// with a few short retries; while it is down the queue fills and then drops, counted.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { cef } from './cef.js';
import type { z } from 'zod';
import type { SyslogOutput as SyslogConfig } from './config.js';
import type { OutputEvent } from './event.js';
import { QueuedOutput } from './queued-output.js';
import { rfc5424 } from './rfc5424.js';

type Config = z.infer<typeof SyslogConfig>;

const UDP_MAX = 65_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

export class SyslogOutput extends QueuedOutput<OutputEvent> {
  private udp: UdpSocket | undefined;
  private stream: Socket | undefined;
  private readonly ca: Buffer | undefined;

  constructor(
    name: string,
    private readonly c: Config,
  ) {
    super(name, `syslog-${c.format}-${c.transport}`, c.maxQueue);
    this.ca = c.ca ? readFileSync(c.ca) : undefined;
  }

  format(e: OutputEvent): string {
    const h = { facility: this.c.facility, appName: this.c.appName };
    return this.c.format === 'cef' ? rfc5424(e, h, cef(e)) : rfc5424(e, h);
  }

  protected async send(batch: OutputEvent[]): Promise<void> {
    const msgs = batch.map((e) => this.format(e));
    if (this.c.transport === 'udp') return this.sendUdp(msgs);
    let lastErr: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const s = await this.connection();
        const framed = msgs.map((m) => `${Buffer.byteLength(m)} ${m}`).join('');
        await new Promise<void>((resolve, reject) => {
          s.write(framed, (err) => (err ? reject(err) : resolve()));
        });
        return;
      } catch (err) {
        lastErr = err;
        this.stream?.destroy();
        this.stream = undefined;
        await sleep(200 * 2 ** attempt);
      }
    }
    throw lastErr;
  }

  private async sendUdp(msgs: string[]): Promise<void> {
    if (!this.udp) {
      this.udp = createSocket(isIP(this.c.host) === 6 ? 'udp6' : 'udp4');
      this.udp.unref();
      this.udp.on('error', (err) => this.fail(err));
    }
    const udp = this.udp;
    for (const m of msgs) {
      const b = Buffer.from(m);
      await new Promise<void>((resolve, reject) =>
        udp.send(b.subarray(0, UDP_MAX), this.c.port, this.c.host, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    }
  }

  private connection(): Promise<Socket> {
    const live = this.stream;
    if (live && !live.destroyed && live.writable) return Promise.resolve(live);
    return new Promise((resolve, reject) => {
      const opts = { host: this.c.host, port: this.c.port };
      const s =
        this.c.transport === 'tls'
          ? tlsConnect({
              ...opts,
              servername: this.c.serverName ?? (isIP(this.c.host) ? undefined : this.c.host),
              ...(this.ca ? { ca: this.ca } : {}),
            })
          : tcpConnect(opts);
      const ready = this.c.transport === 'tls' ? 'secureConnect' : 'connect';
      const timer = setTimeout(
        () => s.destroy(new Error(`connect to ${opts.host}:${opts.port} timed out`)),
        5_000,
      );
      s.once(ready, () => {
        clearTimeout(timer);
        s.setKeepAlive(true);
        s.unref();
        this.stream = s;
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      s.on('close', () => {
        if (this.stream === s) this.stream = undefined;
      });
      // Receivers send nothing back; reading keeps the socket's end noticed.
      s.on('data', () => {});
    });
  }

  protected override async shutdown(): Promise<void> {
    this.udp?.close();
    this.udp = undefined;
    const s = this.stream;
    this.stream = undefined;
    if (s) await new Promise<void>((r) => s.end(() => r()));
  }
}
