import { describe, expect, it } from 'vitest';
import { engineMessage } from './engine-text.js';

describe('engineMessage', () => {
  it("drops the echoed statement with the console's own SETTINGS, keeps the engine's hint", () => {
    const raw =
      "Code: 47. DB::Exception: Unknown expression identifier `sr_ip` in scope SELECT sr_ip FROM tls_handshakes SETTINGS readonly = 1, max_execution_time = 15, max_result_rows = 1001 FORMAT JSONCompactEachRowWithNamesAndTypes. Maybe you meant: ['src_ip']. (UNKNOWN_IDENTIFIER) (version 25.8.1.1)";
    const m = engineMessage(raw.replace(/ \(version [^)]*\)$/, ''));
    expect(m).toBe(
      "Unknown expression identifier `sr_ip`. Maybe you meant: ['src_ip'] (UNKNOWN_IDENTIFIER)",
    );
    expect(m).not.toMatch(/SETTINGS|readonly|FORMAT/);
  });

  it('drops a bare SETTINGS echo too', () => {
    const m = engineMessage(
      'Code: 62. DB::Exception: Syntax error: failed at position 8 (FORM) near SETTINGS readonly = 1, max_execution_time = 15 FORMAT JSONCompactEachRowWithNamesAndTypes. (SYNTAX_ERROR)',
    );
    expect(m).toBe('Syntax error: failed at position 8 (FORM) near (SYNTAX_ERROR)');
  });
});
