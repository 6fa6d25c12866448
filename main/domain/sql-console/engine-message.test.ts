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

  it('cuts a long list of expected tokens at a word, with an ellipsis, not mid-word', () => {
    const expected = Array.from({ length: 80 }, (_, i) => `TOKEN_NUMBER_${i}`).join(', ');
    const m = engineMessage(
      `Code: 62. DB::Exception: Syntax error: failed at position 7 (1): 1. Expected one of: ${expected}, end of query. (SYNTAX_ERROR)`,
    );
    expect(m.length).toBeLessThanOrEqual(502);
    expect(m.endsWith(' …')).toBe(true);
    // The word before the ellipsis is one the engine wrote whole.
    const last = m
      .slice(0, -2)
      .split(/[\s,]+/)
      .pop()!;
    expect(expected.split(', ')).toContain(last);
  });
});
