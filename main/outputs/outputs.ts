// The configured outputs as one fan-out: the pipeline hands every correlated event and the
// detector every anomaly to write(), which only queues (bounded, per output) and returns.
import type { Logger } from 'pino';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { eventsOf, nameOf, type OutputConfig } from './config.js';
import type { AnomalyOut, OutputEvent } from './event.js';
import { JsonlOutput, StdoutOutput } from './jsonl-output.js';
import type { OutputStats, QueuedOutput } from './queued-output.js';
import { SyslogOutput } from './syslog-output.js';
import { WebhookOutput } from './webhook-output.js';

export interface Outputs {
  correlated(e: CorrelatedEvent): void;
  anomalies(a: AnomalyOut[]): void;
  stats(): OutputStats[];
  /** Resolves when every queue is empty (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  out: QueuedOutput<OutputEvent>;
  correlated: boolean;
  anomalies: boolean;
  minScore: number;
}

export function createOutput(c: OutputConfig): QueuedOutput<OutputEvent> {
  const name = nameOf(c);
  switch (c.kind) {
    case 'jsonl':
      return new JsonlOutput(name, c);
    case 'stdout':
      return new StdoutOutput(name, c.maxQueue);
    case 'syslog':
      return new SyslogOutput(name, c);
    case 'webhook':
      return new WebhookOutput(name, c);
  }
}

export function startOutputs(configs: readonly OutputConfig[], log?: Logger): Outputs {
  const entries: Entry[] = configs.map((c) => {
    const ev = eventsOf(c);
    return {
      out: createOutput(c),
      correlated: ev.includes('correlated'),
      anomalies: ev.includes('anomalies'),
      minScore: c.minScore,
    };
  });
  if (entries.length > 0) log?.info({ outputs: entries.map((e) => e.out.name) }, 'outputs started');
  return {
    correlated(e) {
      for (const x of entries) if (x.correlated) x.out.write({ type: 'correlated', event: e });
    },
    anomalies(list) {
      for (const a of list)
        for (const x of entries)
          if (x.anomalies && a.score >= x.minScore) x.out.write({ type: 'anomaly', anomaly: a });
    },
    stats: () => entries.map((x) => x.out.stats()),
    idle: async () => {
      await Promise.all(entries.map((x) => x.out.idle()));
    },
    close: async () => {
      await Promise.all(entries.map((x) => x.out.close()));
    },
  };
}
