// `ja4ws forward`: stdin log lines -> request events on http.socket (docs/ingest.md, "Apache").
// Runs as a web server's piped logger, so it must never stop the server's logging: refusals go to
// stderr (the server's error log) and are counted, a daemon that is down is waited for with a
// bounded queue, and SIGTERM or the end of input flush what is queued before exiting.
import { Command, InvalidArgumentError, Option } from 'commander';
import { examples } from '../../../capture-worker/src/cli/help.js';
import { LineForwarder } from './forward-lines.js';

const FORMATS = ['apache', 'nginx', 'caddy', 'jsonl'] as const;

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} takes a whole number >= 1`);
    return n;
  };
}

export function forwardCommand(): Command {
  return new Command('forward')
    .description(
      'send a web server\'s log lines from stdin to the daemon\'s http.socket as request events (Apache: CustomLog "|ja4ws forward --format apache --socket ...")',
    )
    .addOption(
      new Option('--format <format>', 'what the lines are').choices(FORMATS).makeOptionMandatory(),
    )
    .requiredOption('--socket <path>', "the daemon's http.socket (ingest.httpSocket)")
    .option('--no-ack', 'do not ask the daemon to acknowledge lines (none are resent)')
    .option(
      '--max-queue <lines>',
      'lines held while the daemon is away',
      positiveInt('--max-queue'),
      100_000,
    )
    .option(
      '--flush-timeout <ms>',
      'how long queued lines may take to leave at exit',
      positiveInt('--flush-timeout'),
      5_000,
    )
    .addHelpText(
      'after',
      examples([
        [
          'ja4ws forward --format jsonl --socket /run/ja4ws/http.sock < events.jsonl',
          'request events already in the project schema',
        ],
        [
          'CustomLog "|/usr/bin/ja4ws forward --format apache --socket /run/ja4ws/http.sock" ja4ws',
          'in Apache, with the LogFormat of docs/ingest.md',
        ],
        [
          'tail -F /var/log/nginx/ja4.log | ja4ws forward --format nginx --socket /run/ja4ws/http.sock',
          'an nginx JSON log',
        ],
      ]),
    )
    .action(
      async (flags: {
        format: (typeof FORMATS)[number];
        socket: string;
        ack: boolean;
        maxQueue: number;
        flushTimeout: number;
      }) => {
        const report = (m: string) => process.stderr.write(`ja4ws forward: ${m}\n`);
        const fwd = new LineForwarder({
          format: flags.format,
          socketPath: flags.socket,
          ack: flags.ack,
          maxQueue: flags.maxQueue,
          maxLineBytes: 64 * 1024,
          report,
        });
        await new Promise<void>((resolve) => {
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            resolve();
          };
          process.stdin.on('data', (c: Buffer) => fwd.push(c));
          process.stdin.once('end', finish);
          process.stdin.once('error', (err) => {
            report(`stdin: ${err.message}`);
            finish();
          });
          // Apache stops and restarts its piped loggers with SIGTERM; flush, do not drop.
          for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, finish);
        });
        // The socket and its timers are unref'd (they never keep a server alive); this keeps the
        // process up while the queue drains.
        const hold = setInterval(() => undefined, 1_000);
        const drained = await fwd.end(flags.flushTimeout);
        clearInterval(hold);
        const s = fwd.stats();
        const bad = Object.entries(s.bad)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ');
        report(
          `${s.lines} lines, ${s.forwarded} forwarded, ${s.socket.sent} sent` +
            (bad ? `, refused: ${bad}` : '') +
            (s.socket.dropped > 0 ? `, ${s.socket.dropped} dropped (queue full)` : '') +
            (drained
              ? ''
              : `, ${s.socket.queued + s.socket.unacked} not delivered in ${flags.flushTimeout} ms`),
        );
        process.exitCode = drained ? 0 : 1;
      },
    );
}
