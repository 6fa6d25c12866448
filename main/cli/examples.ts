// `--help` examples of the short commands (the long ones carry theirs in their own modules), by
// command path; buildProgram adds them with commander's addHelpText.
import type { Command } from 'commander';
import { examples } from '../../capture-worker/src/cli/help.js';

const EXAMPLES: Record<string, [string, string][]> = {
  '': [
    ['ja4ws', 'the desktop app'],
    ['ja4ws --daemon', 'headless: UI and API on http://127.0.0.1:8477'],
    [
      'ja4ws --daemon --host 0.0.0.0 -c /etc/ja4ws.yaml',
      'listen on every address (TLS in the file)',
    ],
  ],
  config: [['ja4ws config check -c /etc/ja4ws.yaml', 'validate a file before a restart']],
  'config/check': [
    ['ja4ws config check', 'file, environment and flags merged, secrets masked'],
    ['JA4WS_DAEMON__PORT=9000 ja4ws config check', 'what an override would give'],
  ],
  token: [['ja4ws token url', "the running daemon's address with its token"]],
  'token/url': [['xdg-open "$(ja4ws token url)"', 'open the UI in a browser']],
  'token/show': [['curl -H "Authorization: Bearer $(ja4ws token show)" …', 'call the API']],
  'token/rotate': [['ja4ws token rotate -d /var/lib/ja4ws', 'a new token (restart the daemon)']],
  'migrate/status': [['ja4ws migrate status -d /var/lib/ja4ws', 'applied, pending, changed']],
  'migrate/up': [
    ['ja4ws migrate up', 'the embedded store in the default data directory'],
    ['ja4ws migrate up --url https://ch:8443 --user ja4ws --cluster c1', 'a ClickHouse cluster'],
  ],
  'migrate/down': [['ja4ws migrate down 1', 'undo the newest migration']],
  'migrate/verify': [['ja4ws migrate verify --url https://ch:8443', 'checksums and live schema']],
};

export function addExamples(root: Command): void {
  const walk = (cmd: Command, path: string) => {
    const list = EXAMPLES[path];
    if (list) cmd.addHelpText('after', examples(list));
    for (const c of cmd.commands) walk(c, path === '' ? c.name() : `${path}/${c.name()}`);
  };
  walk(root, '');
}
