// What shell completion needs from the commander program, read from it at run time so the
// scripts always match the commands, options and choices this build has.
import type { Command, Option } from 'commander';

export type ValueKind = 'file' | 'dir' | 'choice' | 'any';

export interface OptionSpec {
  /** Every spelling: ['-d', '--data-dir']. */
  names: string[];
  description: string;
  /** undefined: a switch that takes no value. */
  value?: ValueKind;
  choices?: string[];
}

export interface CommandSpec {
  /** '' for the program itself, 'migrate/up' for a nested one. */
  path: string;
  description: string;
  subcommands: { name: string; description: string }[];
  options: OptionSpec[];
  /** Whether its arguments are files (`<files...>`, `<file>`). */
  fileArguments: boolean;
  /** The values its first argument takes, when they are a fixed list (`completion <shell>`). */
  argumentChoices: string[];
}

function valueKind(o: Option): ValueKind | undefined {
  if (!o.required && !o.optional) return undefined;
  if (o.argChoices && o.argChoices.length > 0) return 'choice';
  if (/<(dir|directory)[.>]/.test(o.flags)) return 'dir';
  if (/<(file|files|path)[.>]/.test(o.flags)) return 'file';
  return 'any';
}

function optionSpec(o: Option): OptionSpec {
  const value = valueKind(o);
  return {
    names: [o.short, o.long].filter((n): n is string => typeof n === 'string'),
    description: o.description,
    ...(value ? { value } : {}),
    ...(o.argChoices ? { choices: [...o.argChoices] } : {}),
  };
}

const HELP: OptionSpec = { names: ['-h', '--help'], description: 'display help for command' };

export function commandSpecs(root: Command): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, path: string) => {
    const visible = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
    out.push({
      path,
      description: cmd.description(),
      subcommands: visible.map((c) => ({ name: c.name(), description: c.description() })),
      options: [...cmd.options.filter((o) => !o.hidden).map(optionSpec), HELP],
      fileArguments: cmd.registeredArguments.some((a) => /^files?$|path/.test(a.name())),
      argumentChoices: [...(cmd.registeredArguments[0]?.argChoices ?? [])],
    });
    for (const c of visible) walk(c, path === '' ? c.name() : `${path}/${c.name()}`);
  };
  walk(root, '');
  return out;
}
