// A route that answers with a stream (a CSV export, a pcapng) instead of one JSON value. The
// server checks the method and reads the JSON body for every such route in one place.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandlerContext } from '../context.js';

export interface StreamCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ctx: HandlerContext;
  /** The JSON body, read with the server's size cap. */
  body: unknown;
  /** Security headers every response carries. */
  headers: Readonly<Record<string, string>>;
}

export type StreamRoute = (call: StreamCall) => Promise<void>;
