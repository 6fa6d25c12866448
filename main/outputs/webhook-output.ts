// Anomalies to a webhook (Slack, Teams, a SOAR): one POST per event, retried with exponential
// backoff on network errors, 429 and 5xx (not on other 4xx: the receiver refused the body), signed
// with HMAC-SHA256 when a secret is set so the receiver can check where it came from:
//   X-Ja4ws-Timestamp: <unix seconds>
//   X-Ja4ws-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
// The 'slack' body has a `text` (what Slack and Teams incoming webhooks display) beside the event.
import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { WebhookOutput as WebhookConfig } from './config.js';
import { eventJson, type OutputEvent } from './event.js';
import { QueuedOutput } from './queued-output.js';

type Config = z.infer<typeof WebhookConfig>;

export function webhookText(e: OutputEvent): string {
  if (e.type === 'anomaly') {
    const a = e.anomaly;
    const why = a.reasons.length > 0 ? `: ${a.reasons.slice(0, 3).join('; ')}` : '';
    return `ja4ws anomaly (score ${a.score.toFixed(2)}) from ${a.src_ip}${a.ja4 ? ` with JA4 ${a.ja4}` : ''}${why}`;
  }
  const c = e.event;
  const req = c.request ? ` ${c.request.method} ${c.request.host ?? ''}${c.request.path}` : '';
  return `ja4ws ${c.correlation} event from ${c.src_ip}${req}${c.handshake?.ja4 ? ` JA4 ${c.handshake.ja4}` : ''}`;
}

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

export class WebhookOutput extends QueuedOutput<OutputEvent> {
  retries = 0;

  constructor(
    name: string,
    private readonly c: Config,
  ) {
    super(name, 'webhook', c.maxQueue, 1);
  }

  body(e: OutputEvent): string {
    const ev = eventJson(e);
    return JSON.stringify(this.c.style === 'slack' ? { text: webhookText(e), ja4ws: ev } : ev);
  }

  protected async send(batch: OutputEvent[]): Promise<void> {
    for (const e of batch) await this.post(this.body(e));
  }

  private async post(body: string): Promise<void> {
    let last = '';
    for (let attempt = 0; attempt <= this.c.retries; attempt++) {
      if (attempt > 0) {
        this.retries++;
        await sleep(this.c.backoffMs * 2 ** (attempt - 1));
      }
      const ts = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'ja4ws-webhook/1',
      };
      if (this.c.secret) {
        headers['x-ja4ws-timestamp'] = ts;
        headers['x-ja4ws-signature'] = signature(this.c.secret, ts, body);
      }
      try {
        const res = await fetch(this.c.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(this.c.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        last = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429) break;
      } catch (err) {
        last = (err as Error).message;
      }
    }
    throw new Error(`webhook ${new URL(this.c.url).host}: ${last}`);
  }
}
