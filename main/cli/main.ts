// Process entry of `ja4ws`: run the command line and exit with its code.
// `ja4ws fingerprint ...` loads only its own command (the capture engine): the full program
// imports every command, the store and the server, which tripled its start-up (issue 22). Any
// other first word, or none, gets the whole program.
const argv = process.argv.slice(2);
if (argv[0] === 'fingerprint') {
  const [{ makeProgram, runProgram }, { fingerprintCommand }] = await Promise.all([
    import('./program-base.js'),
    import('../../capture-worker/src/cli/fingerprint-command.js'),
  ]);
  process.exitCode = await runProgram(makeProgram([fingerprintCommand]), argv);
} else {
  const { runCli } = await import('./program.js');
  process.exitCode = await runCli(argv);
}
