// JSON Schemas of the ingest messages, generated from the zod definitions (the one source of
// truth); docs/ingest.md embeds them and a test keeps the two equal.
import { z } from 'zod';
import { ConnectionRecord } from '../../../common/events/connection.js';
import { CorrelatedEvent } from '../../../common/events/correlated.js';
import { HttpRequestEvent } from '../../../common/events/http-request.js';

export function jsonSchemas(): Record<
  'http-request' | 'connection-record' | 'correlated-event',
  object
> {
  return {
    'http-request': z.toJSONSchema(HttpRequestEvent, { io: 'input' }),
    'connection-record': z.toJSONSchema(ConnectionRecord, { io: 'input' }),
    'correlated-event': z.toJSONSchema(CorrelatedEvent, { io: 'output' }),
  };
}
