// Every `ja4ws` subcommand, registered in one list so `--help` shows them all. Each feature
// owns its command module; this file only names them.
import { completionCommand } from './completion/completion-command.js';
import { configCommand } from './config-command.js';
import { importCommand } from './import-command.js';
import { tokenCommand } from './token-command.js';
import { pcapCommand } from './pcap-command.js';
import { migrateCommand } from '../storage/cli/migrate-command.js';
import { detectCommand } from '../detector/cli/detect-command.js';
import { fingerprintCommand } from '../../capture-worker/src/cli/fingerprint-command.js';
import { blocklistCommand } from '../blocklists/blocklist-command.js';
import { forwardCommand } from './forward/forward-command.js';
import type { CommandFactory } from './program-base.js';

export type { CommandFactory };

export const commandFactories: CommandFactory[] = [
  configCommand,
  importCommand,
  tokenCommand,
  pcapCommand,
  migrateCommand,
  fingerprintCommand,
  detectCommand,
  blocklistCommand,
  forwardCommand,
  completionCommand,
];
