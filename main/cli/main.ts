// Process entry of `ja4ws`: run the command line and exit with its code.
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
