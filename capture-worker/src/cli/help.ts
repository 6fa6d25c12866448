// The "Examples:" block every command's --help ends with (commander addHelpText("after", ...)),
// here so both the capture-worker and main commands can use it.
export function examples(list: [command: string, what: string][]): string {
  const width = Math.max(...list.map(([c]) => c.length));
  return `\nExamples:\n${list.map(([c, w]) => `  $ ${c.padEnd(width)}  # ${w}`).join('\n')}\n`;
}
