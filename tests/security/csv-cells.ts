// What a spreadsheet would run: the cells (already parsed from CSV) whose text starts with
// = + - @ tab or CR.
export function formulaCells(rows: string[][]): string[] {
  return rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c));
}
