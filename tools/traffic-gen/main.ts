// Labelled traffic generator (issue 7 proof). Writes correlated request events as JSONL and one
// label per (src_ip, ja4) entity beside them.
//
//   npx tsx tools/traffic-gen/main.ts --seed 1 --out /tmp/traffic.jsonl
//     -> /tmp/traffic.jsonl (events), /tmp/traffic.labels.jsonl (labels)
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DEFAULT_SCENARIO, generateScenario } from './scenario.js';

async function writeJsonl(path: string, rows: readonly unknown[]): Promise<void> {
  const out = createWriteStream(path);
  for (const row of rows) {
    if (!out.write(JSON.stringify(row) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export function labelsPathFor(eventsPath: string): string {
  return eventsPath.replace(/\.jsonl$/, '') + '.labels.jsonl';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(DEFAULT_SCENARIO.seed) },
      out: { type: 'string' },
      'human-ips': { type: 'string', default: String(DEFAULT_SCENARIO.humanIps) },
      'botnet-ips': { type: 'string', default: String(DEFAULT_SCENARIO.botnetIps) },
    },
  });
  if (!values.out) throw new Error('--out <events.jsonl> is required');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed must be a non-negative integer, got ${values.seed}`);
  const { events, labels } = generateScenario({
    seed,
    humanIps: Number(values['human-ips']),
    botnetIps: Number(values['botnet-ips']),
  });
  await writeJsonl(values.out, events);
  await writeJsonl(labelsPathFor(values.out), labels);
  const bots = labels.filter((l) => l.label === 'bot').length;
  process.stdout.write(
    `wrote ${events.length} events to ${values.out}; ${labels.length} entities (${bots} bots) to ${labelsPathFor(values.out)}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`traffic-gen: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
