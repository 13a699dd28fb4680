import type { Command } from 'commander';
import { usageError } from '../cli-error.js';

interface Entry {
  readonly name: string;
  readonly options: readonly string[];
}

function entries(root: Command): Entry[] {
  const walk = (command: Command, prefix: string): Entry[] =>
    command.commands.flatMap((child) => {
      const name = `${prefix}${child.name()}`;
      const own = { name, options: child.options.map((o) => o.long ?? o.short ?? '').filter(Boolean) };
      return [own, ...walk(child, `${name} `)];
    });
  return walk(root, '');
}

function bash(list: readonly Entry[]): string {
  const top = list.filter((e) => !e.name.includes(' ')).map((e) => e.name);
  const cases = list
    .map(
      (e) =>
        `    "${e.name}") words="${[...e.options, ...list.filter((s) => s.name.startsWith(`${e.name} `) && !s.name.slice(e.name.length + 1).includes(' ')).map((s) => s.name.slice(e.name.length + 1))].join(' ')}" ;;`,
    )
    .join('\n');
  return `# patkit completion for bash: source this file, or put it in /etc/bash_completion.d/patkit
_patkit() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" words=""
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) path="\${path:+$path }\${COMP_WORDS[i]}" ;; esac
  done
  case "$path" in
    "") words="${top.join(' ')} --help --version" ;;
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _patkit patkit
`;
}

function fish(list: readonly Entry[]): string {
  const top = list.filter((e) => !e.name.includes(' '));
  const lines = [
    '# patkit completion for fish: save as ~/.config/fish/completions/patkit.fish',
    'complete -c patkit -f',
  ];
  for (const e of top) lines.push(`complete -c patkit -n '__fish_use_subcommand' -a ${e.name}`);
  for (const e of list) {
    const words = e.name.split(' ');
    const condition = words.map((w) => `__fish_seen_subcommand_from ${w}`).join('; and ');
    for (const option of e.options) {
      if (option.startsWith('--')) lines.push(`complete -c patkit -n '${condition}' -l ${option.slice(2)}`);
    }
    for (const sub of list.filter(
      (s) => s.name.startsWith(`${e.name} `) && s.name.split(' ').length === words.length + 1,
    )) {
      lines.push(`complete -c patkit -n '${condition}' -a ${sub.name.split(' ').at(-1)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function zsh(list: readonly Entry[]): string {
  return `#compdef patkit
# patkit completion for zsh: put it in a directory of $fpath as _patkit, or source it after compinit
autoload -U +X bashcompinit && bashcompinit
${bash(list).split('\n').slice(1).join('\n')}`;
}

/** patkit completion bash|zsh|fish: a completion script built from the command tree. */
export function completion(shell: string | undefined, root: Command): number {
  const list = entries(root);
  if (shell === 'bash') process.stdout.write(bash(list));
  else if (shell === 'zsh') process.stdout.write(zsh(list));
  else if (shell === 'fish') process.stdout.write(fish(list));
  else throw usageError('give a shell: bash, zsh or fish', 'patkit completion bash > /etc/bash_completion.d/patkit');
  return 0;
}
