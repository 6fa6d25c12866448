import { describe, expect, it } from 'vitest';
import { renderTemplate, type RenderContext } from './template.js';

const single: RenderContext = {
  database: 'ja4ws',
  cluster: undefined,
  rawTtlDays: 30,
  aggregateTtlDays: 365,
};
const cluster: RenderContext = { ...single, cluster: 'ja4' };

describe('migration templates', () => {
  const sql = `CREATE TABLE IF NOT EXISTS {{local t}} {{on_cluster}} (a UInt8) ENGINE = {{engine ReplacingMergeTree(version)}}
TTL ts + INTERVAL {{raw_ttl_days}} DAY;
{{distributed t sipHash64(a)}};
SELECT * FROM {{table t}}`;

  it('renders for one node', () => {
    expect(renderTemplate(sql, single))
      .toBe(`CREATE TABLE IF NOT EXISTS ja4ws.t  (a UInt8) ENGINE = ReplacingMergeTree(version)
TTL ts + INTERVAL 30 DAY;
;
SELECT * FROM ja4ws.t`);
  });

  it('renders ON CLUSTER, Replicated engines and the Distributed table for a cluster', () => {
    expect(renderTemplate(sql, cluster))
      .toBe(`CREATE TABLE IF NOT EXISTS ja4ws.t_local ON CLUSTER 'ja4' (a UInt8) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', version)
TTL ts + INTERVAL 30 DAY;
CREATE TABLE IF NOT EXISTS ja4ws.t ON CLUSTER 'ja4' AS ja4ws.t_local
ENGINE = Distributed('ja4', 'ja4ws', 't_local', sipHash64(a));
SELECT * FROM ja4ws.t`);
  });

  it('keeps {{cluster_only}} blocks, with their directives, on a cluster only', () => {
    const t = 'A;{{cluster_only ALTER TABLE {{table t}} {{on_cluster}} ADD COLUMN x UInt8}};B';
    expect(renderTemplate(t, single)).toBe('A;;B');
    expect(renderTemplate(t, cluster)).toBe(
      "A; ALTER TABLE ja4ws.t ON CLUSTER 'ja4' ADD COLUMN x UInt8;B",
    );
    expect(() => renderTemplate('{{cluster_only x', single, 'f.sql')).toThrow(/not closed/);
  });

  it('names the file and the directive when a template is wrong', () => {
    expect(() => renderTemplate('{{nope}}', single, '0009_x.sql')).toThrow(
      /0009_x\.sql.*unknown template directive \{\{nope\}\}/,
    );
    expect(() => renderTemplate('{{engine Memory}}', single, '0009_x.sql')).toThrow(/MergeTree/);
    expect(() => renderTemplate('{{local a;b}}', single, '0009_x.sql')).toThrow(/not a table name/);
  });
});
