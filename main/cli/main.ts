// Process entry of `ja4ws` from dist/main/cli (bin/ja4ws.js prefers the fingerprint bundle when
// it was built): run the command line and exit with its code. `ja4ws fingerprint ...` loads only
// its own command (the capture engine, and commander only for help or a usage error): the full
// program imports every command, the store and the server, which tripled its start-up (issue 22).
// Any other first word, or none, gets the whole program.
const argv = process.argv.slice(2);
if (argv[0] === 'fingerprint') {
  const { run } = await import('./fingerprint-main.js');
  process.exitCode = await run(argv);
} else {
  const { runCli } = await import('./program.js');
  process.exitCode = await runCli(argv);
}
