import { describe, expect, it } from 'vitest';
import { startBanner } from './start-banner.js';

const input = {
  url: 'http://127.0.0.1:8477',
  token: 'tok-0123456789abcdefghijklmnopqrstuvwxyz',
  dataDir: '/var/lib/ja 4ws',
};

describe('daemon start banner', () => {
  it('without a terminal (journal, pipe, file): the token file and the command, never the token', () => {
    const text = startBanner({ ...input, tty: false });
    expect(text).not.toContain(input.token);
    expect(text).toContain('UI:    http://127.0.0.1:8477/\n');
    expect(text).toContain("ja4ws token url --data-dir '/var/lib/ja 4ws'");
    expect(text).toContain('kept in /var/lib/ja 4ws/api-token (mode 0600');
  });
  it('on a terminal: the address with the token, to click', () => {
    expect(startBanner({ ...input, tty: true })).toContain(
      `http://127.0.0.1:8477/#token=${input.token}`,
    );
  });
});
