import type { Command } from 'commander';
import { usageError } from '../cli-error.js';

interface Entry {
  readonly name: string;
  readonly options: readonly string[];
  /** Options that take a value: their names, and the values to offer (`files`, `profiles`, a list, or none). */
  readonly values: readonly { readonly names: readonly string[]; readonly offer: Offer }[];
  /** What the command's first argument is. */
  readonly argument: Offer;
}

type Offer =
  | { readonly kind: 'words'; readonly words: readonly string[] }
  | { readonly kind: 'files' | 'profiles' | 'none' };

const shells = ['bash', 'zsh', 'fish'];

/** What to offer for a value: a file name, a profile, one of its choices, or nothing (an id, a date). */
function offerFor(name: string, choices: readonly string[] | undefined): Offer {
  if (choices !== undefined) return { kind: 'words', words: choices };
  if (name === 'profile') return { kind: 'profiles' };
  if (/^(from|policy|record|db)$|File$/.test(name)) return { kind: 'files' };
  return { kind: 'none' };
}

function entries(root: Command): Entry[] {
  const walk = (command: Command, prefix: string): Entry[] =>
    command.commands.flatMap((child) => {
      const name = `${prefix}${child.name()}`;
      const argument = child.registeredArguments[0]?.name() ?? '';
      const own: Entry = {
        name,
        options: child.options.map((o) => o.long ?? o.short ?? '').filter(Boolean),
        values: child.options
          .filter((o) => o.required)
          .map((o) => ({
            names: [o.long, o.short].filter((n): n is string => n !== undefined),
            offer: offerFor(o.attributeName(), o.argChoices),
          })),
        argument: /file/.test(argument)
          ? { kind: 'files' }
          : argument === 'shell'
            ? { kind: 'words', words: shells }
            : name === 'config use' || name === 'config remove'
              ? { kind: 'profiles' }
              : { kind: 'none' },
      };
      return [own, ...walk(child, `${name} `)];
    });
  return walk(root, '');
}

// The shell code that offers an Offer for the word being typed.
function bashOffer(offer: Offer): string {
  switch (offer.kind) {
    case 'words':
      return `COMPREPLY=($(compgen -W "${offer.words.join(' ')}" -- "$cur"))`;
    case 'files':
      return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))';
    case 'profiles':
      return 'COMPREPLY=($(compgen -W "$(_patkit_profiles)" -- "$cur"))';
    case 'none':
      return 'COMPREPLY=()';
  }
}

function bash(list: readonly Entry[]): string {
  const top = list.filter((e) => !e.name.includes(' ')).map((e) => e.name);
  const valued = [...new Set(list.flatMap((e) => e.values.flatMap((v) => v.names)))];
  const paths = list.map((e) => e.name);
  const valueCases = list
    .flatMap((e) =>
      e.values.map((v) => `    ${v.names.map((n) => `"${e.name} ${n}"`).join('|')}) ${bashOffer(v.offer)}; return ;;`),
    )
    .join('\n');
  const cases = list
    .map((e) => {
      const subs = list
        .filter((s) => s.name.startsWith(`${e.name} `) && !s.name.slice(e.name.length + 1).includes(' '))
        .map((s) => s.name.slice(e.name.length + 1));
      const words = [...e.options, ...subs].join(' ');
      // An argument is offered once no option is being typed.
      const argument =
        e.argument.kind === 'none' || subs.length > 0
          ? ''
          : ` [[ $cur != -* ]] && { ${bashOffer(e.argument)}; return; };`;
      return `    "${e.name}")${argument} words="${words}" ;;`;
    })
    .join('\n');
  return `# patkit completion for bash: source this file, or put it in /etc/bash_completion.d/patkit
_patkit_profiles() { patkit config list 2>/dev/null | sed -E 's/^[* ] +//; s/ .*//'; }
_patkit() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" words="" skip="" w i
  # The command path: the words that name commands; option values and arguments are passed over.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$w" in
      --*=*) ;;
      -*) case " ${valued.join(' ')} " in *" $w "*) skip=1 ;; esac ;;
      *) case "|${paths.join('|')}|" in *"|\${cmd:+$cmd }$w|"*) cmd="\${cmd:+$cmd }$w" ;; esac ;;
    esac
  done
  # A value for the option before it: its choices, files, profiles, or nothing (never files where a list exists).
  case "$cmd $prev" in
${valueCases}
  esac
  case "$cmd" in
    "") words="${top.join(' ')} --help --version" ;;
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _patkit patkit
`;
}

const fishProfiles = `(patkit config list 2>/dev/null | string replace -r '^[* ] +' '' | string replace -r ' .*' '')`;

// fish's flags for what a value or an argument may be.
function fishOffer(offer: Offer): string {
  switch (offer.kind) {
    case 'words':
      return `-x -a '${offer.words.join(' ')}'`;
    case 'files':
      return '-r -F';
    case 'profiles':
      return `-x -a "${fishProfiles}"`;
    case 'none':
      return '-x';
  }
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
    const valued = new Map(e.values.flatMap((v) => v.names.map((name) => [name, v] as const)));
    for (const option of e.options) {
      if (!option.startsWith('--')) continue;
      const value = valued.get(option);
      const short = value?.names.find((name) => /^-\w$/.test(name));
      const flags =
        value === undefined ? '' : ` ${short === undefined ? '' : `-s ${short.slice(1)} `}${fishOffer(value.offer)}`;
      lines.push(`complete -c patkit -n '${condition}' -l ${option.slice(2)}${flags}`);
    }
    const subs = list.filter((s) => s.name.startsWith(`${e.name} `) && s.name.split(' ').length === words.length + 1);
    // A subcommand is offered until one is given.
    const none =
      subs.length === 0
        ? ''
        : `; and not __fish_seen_subcommand_from ${subs.map((sub) => sub.name.split(' ').at(-1)).join(' ')}`;
    for (const sub of subs) lines.push(`complete -c patkit -n '${condition}${none}' -a ${sub.name.split(' ').at(-1)}`);
    if (subs.length === 0 && e.argument.kind !== 'none')
      lines.push(`complete -c patkit -n '${condition}' ${fishOffer(e.argument).replace(/^-[xr] /, '')}`);
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
