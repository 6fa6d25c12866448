// blocklist.export: the entities of a selection (the triage queue's) or of a search, rendered by
// the same renderers as `ja4ws blocklist` (main/blocklists/render.ts). Blocking a JA4 blocks every
// client that sends it, so each JA4 is looked up in the knowledge base and one that a browser
// sends is named in a warning before anyone deploys the rule.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  BLOCKLIST_FILES,
  blocklistFileName,
  type BlockTarget,
  type BlocklistFormat,
} from '../../../common/api/blocklist.js';
import { ApiError } from '../../../common/api/api-error.js';
import { renderBlocklist, uniqueEntities } from '../../blocklists/render.js';
import { ja4Knowledge } from '../fingerprint-knowledge/lookup.js';
import { searchTargets, type SearchTargets } from './search-targets.js';

export interface BlocklistInput {
  format: BlocklistFormat;
  ttl_hours?: number;
  targets?: BlockTarget[];
  search?: SearchTargets;
}

const BROWSERS = ['chrome', 'firefox', 'safari'];
/** Knowledge look-ups per export: one query each; a rule of thousands of JA4s is checked in part. */
const CHECKED_JA4S = 50;

async function browserWarnings(ch: ClickHouseClient, ja4s: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const ja4 of ja4s.slice(0, CHECKED_JA4S)) {
    const k = await ja4Knowledge(ch, ja4);
    if (BROWSERS.some((f) => k.family.split(' / ').includes(f)))
      out.push(
        `${ja4} is known as ${k.label} (${k.confidence === 'exact' ? 'exact match' : 'same family, inferred'}): blocking it blocks every client that sends it`,
      );
  }
  if (ja4s.length > CHECKED_JA4S)
    out.push(
      `only the first ${CHECKED_JA4S} of ${ja4s.length} JA4s were checked against the knowledge base`,
    );
  return out;
}

export async function exportBlocklist(
  ch: ClickHouseClient,
  input: BlocklistInput,
  now = Date.now(),
) {
  const ttl = input.ttl_hours ?? 24;
  const expires = new Date(now + ttl * 3_600_000).toISOString();
  const { targets, truncated } = input.targets
    ? { targets: input.targets, truncated: false }
    : await searchTargets(ch, input.search!);
  if (targets.length === 0)
    throw new ApiError(
      'invalid',
      'blocklist.empty',
      'nothing to block: the search matched no client address or whole JA4',
      'search',
    );
  const entities = uniqueEntities(targets.map((t) => ({ ...t, expires })));
  const ips = new Set(entities.flatMap((e) => (e.ip ? [e.ip] : [])));
  const ja4s = [...new Set(entities.flatMap((e) => (e.ja4 ? [e.ja4] : [])))];
  return {
    format: input.format,
    filename: blocklistFileName(input.format, expires),
    media_type: BLOCKLIST_FILES[input.format].type,
    content: renderBlocklist(input.format, entities, now),
    ips: ips.size,
    ja4s: ja4s.length,
    expires,
    truncated,
    warnings: await browserWarnings(ch, ja4s),
  };
}
