// `ja4ws import <file>...`: fingerprint capture files into the store. Every file is attempted;
// each bad one gets one line naming it and the problem, and the exit code is non-zero.
import { Command, Option } from 'commander';
import { errorMessage, ExitCode } from '../../common/util/errors.js';
import { storeConfigOf } from '../config/schema.js';
import { importCaptureFile } from '../domain/import/operations.js';
import { migrateUp } from '../storage/migrations/runner.js';
import { openStore } from '../storage/store.js';
import { configFrom, withConfigOptions } from './config-options.js';

export function importCommand(): Command {
  return withConfigOptions(new Command('import'))
    .description(
      'fingerprint pcap/pcapng files into the store (the daemon must not be running on the same data directory)',
    )
    .argument('<files...>', 'capture files (pcap or pcapng)')
    .option('--sensor <name>', 'sensor label for the rows (default: import:<file name>)')
    .addOption(new Option('--no-ja4plus', 'compute only JA4 and JA3 (BSD-licensed methods)'))
    .action(
      async (
        files: string[],
        flags: {
          sensor?: string;
          ja4plus: boolean;
          config?: string;
          dataDir?: string;
          logLevel?: string;
        },
      ) => {
        const config = configFrom(
          flags,
          flags.ja4plus === false ? { fingerprints: { ja4plus: false } } : {},
        );
        const store = await openStore(storeConfigOf(config));
        let failed = 0;
        try {
          await migrateUp(store, undefined, { ja4plus: config.fingerprints.ja4plus });
          for (const file of files) {
            const r = await importCaptureFile(store, file, {
              ja4plus: config.fingerprints.ja4plus,
              ...(flags.sensor ? { sensor: flags.sensor } : {}),
            });
            if (r.error) {
              failed++;
              const kept =
                r.records > 0 ? ` (${r.records} connections read before it were stored)` : '';
              process.stderr.write(`ja4ws import: ${errorMessage(r.error)}${kept}\n`);
            } else {
              process.stdout.write(
                `${file}: ${r.packets} packets, ${r.records} connections stored\n`,
              );
            }
          }
        } finally {
          await store.close();
        }
        if (failed > 0) process.exitCode = ExitCode.failure;
      },
    );
}
