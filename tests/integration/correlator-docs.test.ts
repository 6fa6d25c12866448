// docs/ingest.md must say what the code does: its JSON Schemas are the ones generated from the
// zod definitions (UPDATE_DOCS=1 rewrites them), and its nginx log_format, rendered the way nginx
// renders it, is accepted by the nginx reader.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requestDecoder } from '../../correlation-worker/src/ingest/decoders.js';
import { jsonSchemas } from '../../correlation-worker/src/ingest/json-schema.js';
import { nginxLogFormatFromDocs } from './correlator-helpers.js';

const DOC = new URL('../../docs/ingest.md', import.meta.url);

function block(name: string, schema: object): string {
  return `<!-- schema:${name}:begin -->\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\`\n<!-- schema:${name}:end -->`;
}

describe('docs/ingest.md', () => {
  it('embeds the JSON Schemas generated from the zod definitions', () => {
    let text = readFileSync(DOC, 'utf8');
    const want = text;
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const re = new RegExp(`<!-- schema:${name}:begin -->[\\s\\S]*?<!-- schema:${name}:end -->`);
      expect(re.test(text), `markers for ${name}`).toBe(true);
      text = text.replace(re, block(name, schema));
    }
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, text);
    else expect(want).toBe(text);
  });

  it('documents an nginx log_format whose output the nginx reader accepts', () => {
    const fmt = nginxLogFormatFromDocs();
    const body = [...fmt.matchAll(/'([^']*)'/g)].map((m) => m[1]).join('');
    const sample: Record<string, string> = {
      msec: '1732480000.500',
      request_time: '0.100',
      remote_addr: '192.0.2.1',
      remote_port: '50000',
      server_addr: '198.51.100.1',
      server_port: '443',
      scheme: 'https',
      request_method: 'GET',
      host: 'example.test',
      request_uri: '/a?b=1',
      server_protocol: 'HTTP/1.1',
      status: '200',
      request_length: '10',
      bytes_sent: '20',
      http_user_agent: 'Mozilla/5.0 \\"quoted\\"',
    };
    // nginx substitutes each variable (escaped for JSON); unset ones become "".
    const line = body.replace(/\$([a-z_]+)/g, (_, v: string) => sample[v] ?? '');
    const r = requestDecoder('nginx')(JSON.parse(line));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      ts_us: 1732480000_400000,
      src_port: 50000,
      dst_port: 443,
      path: '/a',
      query: 'b=1',
    });
    expect(r.value.headers).toEqual([['User-Agent', 'Mozilla/5.0 "quoted"']]);
    // Every variable the reader needs is in the format.
    for (const v of [
      'msec',
      'request_time',
      'remote_addr',
      'remote_port',
      'server_addr',
      'server_port',
      'request_uri',
      'server_protocol',
    ])
      expect(fmt).toContain(`$${v}`);
  });
});
