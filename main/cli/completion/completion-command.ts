// `ja4ws completion bash|zsh`: prints a completion script made from this program's own command
// tree, so it cannot drift from the commands and options a build has.
import { Argument, Command } from 'commander';
import { examples } from '../../../capture-worker/src/cli/help.js';
import { bashCompletion } from './bash.js';
import { commandSpecs } from './model.js';
import { zshCompletion } from './zsh.js';

export function completionCommand(): Command {
  return new Command('completion')
    .description('print a shell completion script (bash or zsh) for ja4ws')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      examples([
        ['source <(ja4ws completion bash)', 'this bash session (or add it to ~/.bashrc)'],
        [
          'ja4ws completion bash > ~/.local/share/bash-completion/completions/ja4ws',
          'every bash session',
        ],
        ['ja4ws completion zsh > ~/.zfunc/_ja4ws', 'zsh, with fpath+=(~/.zfunc) before compinit'],
      ]),
    )
    .action((shell: 'bash' | 'zsh', _opts: unknown, cmd: Command) => {
      let root = cmd;
      while (root.parent) root = root.parent;
      const specs = commandSpecs(root);
      process.stdout.write(shell === 'bash' ? bashCompletion(specs) : zshCompletion(specs));
    });
}
