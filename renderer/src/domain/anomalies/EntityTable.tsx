// The queue's rows, virtualized (thousands of entities scroll without thousands of DOM rows);
// spacer rows keep the scrollbar true and the table semantics native. The first column (the
// selection and the IP) stays in view when the table scrolls sideways.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { AnomalyEntity, EntitySort } from '../../../../common/api/anomalies.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { SortHeader, type SortState } from '../../core/ui/SortHeader.js';
import { Sparkline } from '../../core/ui/Sparkline.js';
import { Time } from '../../core/ui/Time.js';
import { SpacerRow } from '../../core/ui/SpacerRow.js';
import { entityId, stateLabels } from './key.js';

const ROW = 34;
const COLS = 8;

export function EntityTable({
  entities,
  selected,
  onSelect,
  sort,
  onSort,
}: {
  entities: AnomalyEntity[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  sort: SortState<EntitySort>;
  onSort: (s: SortState<EntitySort>) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: entities.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
    initialRect: { width: 1200, height: 600 },
  });
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const all = entities.length > 0 && entities.every((e) => selected.has(entityId(e)));
  return (
    <div
      className="virtual-scroll"
      ref={scroller}
      tabIndex={0}
      aria-label="Triage queue, scrollable"
    >
      <table
        className="grid fixed sticky-first"
        aria-label="Triage queue"
        aria-rowcount={entities.length + 1}
      >
        <colgroup>
          <col style={{ width: '12rem' }} />
          <col style={{ width: '8rem' }} />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '19.5rem' }} />
          <col />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '12.5rem' }} />
          <col style={{ width: '9rem' }} />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <input
                type="checkbox"
                aria-label={`Select all ${entities.length} listed`}
                checked={all}
                onChange={(e) => onSelect(entities.map(entityId), e.target.checked)}
              />{' '}
              <SortLabel id="ip" sort={sort} onSort={onSort}>
                Client IP
              </SortLabel>
            </th>
            <SortHeader id="score" sort={sort} onSort={onSort} className="num">
              Score
            </SortHeader>
            <th scope="col">History</th>
            <th scope="col">JA4</th>
            <th scope="col">Why (latest run)</th>
            <SortHeader id="runs" sort={sort} onSort={onSort} className="num">
              Runs
            </SortHeader>
            <SortHeader id="last" sort={sort} onSort={onSort}>
              Last flagged
            </SortHeader>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={top} cols={COLS} />
          {items.map((it) => {
            const e = entities[it.index]!;
            const id = entityId(e);
            return (
              <tr
                key={id}
                data-entity={id}
                aria-rowindex={it.index + 2}
                aria-selected={selected.has(id)}
                style={{ height: ROW }}
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${e.src_ip} ${e.ja4 || 'whole IP'}`}
                    checked={selected.has(id)}
                    onChange={(ev) => onSelect([id], ev.target.checked)}
                  />{' '}
                  <Pivot kind="ip" value={e.src_ip} />
                </td>
                <td className="num">
                  {e.score.toFixed(3)} <span className="muted">/ {e.threshold.toFixed(2)}</span>
                </td>
                <td>
                  <Sparkline
                    values={e.spark}
                    threshold={e.threshold}
                    label={`Scores of the last ${e.spark.length} runs: ${e.spark.map((s) => s.toFixed(2)).join(', ')}`}
                  />
                </td>
                <td>
                  {e.entity_type === 'ip' ? (
                    <span className="muted">whole IP</span>
                  ) : (
                    <Pivot kind="ja4" value={e.ja4} />
                  )}
                </td>
                <td title={e.reasons.join('\n')}>{e.reasons.join('; ')}</td>
                <td className="num">{e.runs}</td>
                <td>
                  <Time iso={e.last_at} />
                </td>
                <td>
                  {stateLabels[e.state]}
                  {e.runs_since_state > 0 ? (
                    <span className="muted" title="runs that flagged it after the verdict">
                      {' '}
                      +{e.runs_since_state}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
          <SpacerRow height={bottom} cols={COLS} />
        </tbody>
      </table>
    </div>
  );
}

/** The IP header shares its cell with the select-all box, so it sorts from a plain button. */
function SortLabel({
  id,
  sort,
  onSort,
  children,
}: {
  id: EntitySort;
  sort: SortState<EntitySort>;
  onSort: (s: SortState<EntitySort>) => void;
  children: string;
}) {
  const active = sort.key === id;
  return (
    <button
      type="button"
      className="sort-button"
      aria-label={`Sort by ${children}${active ? (sort.desc ? ', descending' : ', ascending') : ''}`}
      onClick={() => onSort({ key: id, desc: active ? !sort.desc : false })}
    >
      {children}
      <span aria-hidden="true" className="sort-arrow">
        {active ? (sort.desc ? '▼' : '▲') : '↕'}
      </span>
    </button>
  );
}
