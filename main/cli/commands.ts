// Every `ja4ws` subcommand, registered in one list so `--help` shows them all. Each feature
// owns its command module; this file only names them.
import type { Command } from 'commander';

export type CommandFactory = () => Command;

export const commandFactories: CommandFactory[] = [];
