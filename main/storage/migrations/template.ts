// Migrations are written once and rendered for one node or for a cluster. The vocabulary is
// small on purpose (docs/storage.md, "Migration files"):
//   {{db}}                      the database name
//   {{on_cluster}}              '' or ON CLUSTER '<cluster>'
//   {{local NAME}}              db.NAME, or db.NAME_local on a cluster (the table holding the data)
//   {{table NAME}}              db.NAME on both (on a cluster: the Distributed table over NAME_local)
//   {{engine KIND(args)}}       KIND(args), or ReplicatedKIND('<zk path>', '{replica}', args)
//   {{distributed NAME KEY}}    nothing, or the Distributed table NAME over NAME_local sharded by KEY
//   {{cluster_only SQL}}        SQL (which may hold directives) on a cluster, nothing on one node
//   {{global_engine KIND}}      KIND(), or ReplicatedKIND with one replication path for every shard
//                               (small tables every node keeps whole: known_fingerprints)
//   {{raw_ttl_days}} {{aggregate_ttl_days}}   retention (see retention.ts)
import { StoreError } from '../errors.js';

export interface RenderContext {
  database: string;
  cluster: string | undefined;
  rawTtlDays: number;
  aggregateTtlDays: number;
}

const REPLICA_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";

export function renderTemplate(sql: string, ctx: RenderContext, file = '(inline)'): string {
  return expandBlocks(sql, ctx, file).replace(
    /\{\{\s*([a-z_]+)(?:\s+([^}]*?))?\s*\}\}/g,
    (_m, name: string, arg: string | undefined) => {
      const need = (): string => {
        if (!arg) throw invalid(file, `{{${name}}} needs an argument`);
        return arg;
      };
      const c = ctx.cluster;
      switch (name) {
        case 'db':
          return ctx.database;
        case 'on_cluster':
          return c ? `ON CLUSTER '${c}'` : '';
        case 'local':
          return `${ctx.database}.${identifier(need(), file)}${c ? '_local' : ''}`;
        case 'table':
          return `${ctx.database}.${identifier(need(), file)}`;
        case 'engine':
          return engine(need(), c, file);
        case 'global_engine':
          return globalEngine(need(), c, file);
        case 'distributed':
          return distributed(need(), ctx, file);
        case 'raw_ttl_days':
          return String(ctx.rawTtlDays);
        case 'aggregate_ttl_days':
          return String(ctx.aggregateTtlDays);
        default:
          throw invalid(file, `unknown template directive {{${name}}}`);
      }
    },
  );
}

function engine(spec: string, cluster: string | undefined, file: string): string {
  const m = /^([A-Za-z]*MergeTree)(?:\((.*)\))?$/s.exec(spec.trim());
  if (!m) throw invalid(file, `{{engine ${spec}}}: expected a *MergeTree engine`);
  const kind = m[1]!;
  const args = (m[2] ?? '').trim();
  if (!cluster) return `${kind}(${args})`;
  return `Replicated${kind}(${REPLICA_PATH}${args ? `, ${args}` : ''})`;
}

function globalEngine(spec: string, cluster: string | undefined, file: string): string {
  const kind = spec.trim();
  if (!/^[A-Za-z]*MergeTree$/.test(kind))
    throw invalid(file, `{{global_engine ${spec}}}: expected a *MergeTree engine`);
  return cluster
    ? `Replicated${kind}('/clickhouse/tables/{database}/{table}', '{replica}')`
    : `${kind}()`;
}

function distributed(spec: string, ctx: RenderContext, file: string): string {
  if (!ctx.cluster) return '';
  const m = /^(\S+)\s+(.+)$/s.exec(spec.trim());
  if (!m) throw invalid(file, `{{distributed ${spec}}}: expected NAME SHARDING_KEY`);
  const name = identifier(m[1]!, file);
  const c = ctx.cluster;
  return (
    `CREATE TABLE IF NOT EXISTS ${ctx.database}.${name} ON CLUSTER '${c}' AS ${ctx.database}.${name}_local\n` +
    `ENGINE = Distributed('${c}', '${ctx.database}', '${name}_local', ${m[2]!.trim()})`
  );
}

function identifier(s: string, file: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw invalid(file, `'${s}' is not a table name`);
  return s;
}

function invalid(file: string, why: string): StoreError {
  return new StoreError('migrate.invalid', `migration ${file}: ${why}`, { file });
}

/** {{cluster_only ...}} blocks: balanced {{ }} inside are kept for the second pass. */
function expandBlocks(sql: string, ctx: RenderContext, file: string): string {
  const open = '{{cluster_only';
  let out = '';
  let i = 0;
  for (;;) {
    const start = sql.indexOf(open, i);
    if (start < 0) return out + sql.slice(i);
    out += sql.slice(i, start);
    let depth = 1;
    let j = start + open.length;
    while (depth > 0) {
      if (j >= sql.length) throw invalid(file, '{{cluster_only ...}} is not closed');
      if (sql.startsWith('{{', j)) {
        depth++;
        j += 2;
      } else if (sql.startsWith('}}', j)) {
        depth--;
        j += 2;
      } else j++;
    }
    if (ctx.cluster) out += sql.slice(start + open.length, j - 2);
    i = j;
  }
}
