// Server-Sent Events for the live view: events are batched every 100 ms into one message (an
// array), so a browser renders at most ten times a second at any rate. A client that reads too
// slowly loses events rather than growing the daemon's memory; each batch says how many it lost.
import type { ServerResponse } from 'node:http';
import type { LiveEvent } from '../../../common/api/live.js';
import type { LiveBuffer } from '../../domain/live/live-buffer.js';
import { securityHeaders } from './security-headers.js';

const maxBuffered = 1024 * 1024;
const maxBatch = 5000;

export function serveLiveStream(res: ServerResponse, live: LiveBuffer): void {
  res.writeHead(200, {
    ...securityHeaders,
    'content-type': 'text/event-stream; charset=utf-8',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let batch: LiveEvent[] = [];
  let dropped = 0;
  const unsubscribe = live.subscribe((e) => {
    if (batch.length < maxBatch) batch.push(e);
    else dropped++;
  });
  const flush = setInterval(() => {
    if (batch.length === 0 && dropped === 0) return;
    if (res.writableLength > maxBuffered) {
      dropped += batch.length;
      batch = [];
      return;
    }
    res.write(`event: events\ndata: ${JSON.stringify({ events: batch, dropped })}\n\n`);
    batch = [];
    dropped = 0;
  }, 100);
  const ping = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  res.on('close', () => {
    clearInterval(flush);
    clearInterval(ping);
    unsubscribe();
  });
}
