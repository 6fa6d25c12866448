// Read-only SQL: the daemon runs it with readonly=1, a time limit and a row cap, and refuses
// several statements; this view only sends the text through the API like every other view.
import { type FormEvent, useRef, useState } from 'react';
import type { OperationOutput } from '../../../../common/api/contract.js';
import { SQL_CONSOLE_MAX_RESPONSE_BYTES } from '../../../../common/api/sql-console.js';
import { api, failure } from '../../core/api/client.js';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { QueryState, RunNotice, type RunState } from '../../core/ui/States.js';
import { ScrollBox } from '../../core/ui/ScrollBox.js';
import { useSqlDraft } from './store.js';

type Result = OperationOutput<'sql.query'>;

export function SqlConsoleView() {
  const { text, setText } = useSqlDraft();
  const schema = useApiQuery('sql.schema', {});
  const [state, setState] = useState<RunState<Result>>({ status: 'idle' });
  const running = useRef<AbortController | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setState({ status: 'running' });
    try {
      const result = await api().call(
        'sql.query',
        { sql: text, maxRows: 1000 },
        { signal: controller.signal },
      );
      if (!controller.signal.aborted) setState({ status: 'done', data: result });
    } catch (err) {
      if (controller.signal.aborted) return;
      setState({ status: 'error', ...failure(err) });
    }
  };
  const insert = (s: string) => {
    setText(`${text}${text.endsWith(' ') || text.endsWith('\n') ? '' : ' '}${s}`);
    editor.current?.focus();
  };
  return (
    <section aria-labelledby="sql-title" className="view sql-view">
      <h1 id="sql-title">SQL console</h1>
      <div className="sql-layout">
        <aside className="card schema" aria-labelledby="schema-title">
          <h2 id="schema-title">Schema</h2>
          <QueryState q={schema} what="the schema">
            {(s) => (
              <ul>
                {s.tables.map((t) => (
                  <li key={t.name}>
                    <details>
                      <summary>
                        <span className="mono">{t.name}</span>{' '}
                        <span className="muted">{t.engine}</span>
                      </summary>
                      <ul>
                        {t.columns.map((c) => (
                          <li key={c.name}>
                            <button
                              type="button"
                              className="link mono"
                              onClick={() => insert(c.name)}
                              title="Insert into the query"
                            >
                              {c.name}
                            </button>{' '}
                            <span className="muted mono">{c.type}</span>
                          </li>
                        ))}
                      </ul>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setText(`SELECT *\nFROM ${t.name}\nLIMIT 100`)}
                      >
                        Query this table
                      </button>
                    </details>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </aside>
        <div className="sql-main">
          <form onSubmit={run}>
            <label htmlFor="sql-text">Query (read-only; Ctrl+Enter runs it)</label>
            <textarea
              id="sql-text"
              ref={editor}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run();
              }}
              rows={8}
              spellCheck={false}
              className="mono"
            />
            <div className="actions">
              <button type="submit" className="primary" disabled={state.status === 'running'}>
                Run
              </button>
              <span className="muted">
                One statement: SELECT, WITH, SHOW, DESCRIBE, EXPLAIN or EXISTS. Up to 1,000 rows, 15
                s.
              </span>
            </div>
          </form>
          <RunNotice run={state} what="the query result" />
          {state.status === 'done' && state.data ? <SqlResult r={state.data} /> : null}
        </div>
      </div>
    </section>
  );
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  // IPv4 is stored IPv4-mapped (::ffff:a.b.c.d); people read it as a.b.c.d, as everywhere else.
  return String(v).replace(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i, '$1');
}

function SqlResult({ r }: { r: Result }) {
  return (
    <>
      <p role="status">
        {formatCount(r.rows.length)} row{r.rows.length === 1 ? '' : 's'} in {r.elapsedMs} ms
        {!r.truncated
          ? '.'
          : r.truncatedBy === 'bytes'
            ? ` — the result was cut at the console’s ${SQL_CONSOLE_MAX_RESPONSE_BYTES / 1024 / 1024} MB limit; select fewer columns, add a LIMIT or aggregate.`
            : ' — more rows exist; add a LIMIT or aggregate.'}
      </p>
      {r.rows.length === 0 ? (
        <p className="notice">The query returned no rows.</p>
      ) : (
        <ScrollBox label="Query result" className="sql-result">
          <table className="grid" aria-label="Query result">
            <thead>
              <tr>
                {r.columns.map((c) => (
                  <th key={c.name} scope="col" title={c.type}>
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j} className="mono">
                      {cell(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
