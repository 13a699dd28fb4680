// The identities collection's `filters`, in ISC's standard syntax: terms
// joined by `and`/`or` (and binds tighter), parentheses, and per field the
// operators SailPoint's spec lists for it.
import type { IdentityView } from './view.js';

export type IdentityFilter = { ok: true; test: (identity: IdentityView) => boolean } | { ok: false; cause: string };

type Getter = (identity: IdentityView) => string | boolean | null | undefined;

/** The fields the mock filters on, their operators, and how to read them. */
const fields: Record<string, { readonly ops: readonly string[]; readonly get: Getter }> = {
  id: { ops: ['eq', 'in'], get: (i) => i.id },
  name: { ops: ['eq', 'sw'], get: (i) => i.name },
  alias: { ops: ['eq', 'sw'], get: (i) => i.alias },
  firstname: { ops: ['eq', 'sw'], get: (i) => i.attributes.firstname },
  lastname: { ops: ['eq', 'sw'], get: (i) => i.attributes.lastname },
  email: { ops: ['eq', 'sw'], get: (i) => i.emailAddress },
  cloudStatus: { ops: ['eq'], get: (i) => i.attributes.cloudStatus },
  processingState: { ops: ['eq'], get: (i) => i.processingState },
  correlated: { ops: ['eq'], get: () => true },
  protected: { ops: ['eq'], get: () => false },
};

const supported = Object.entries(fields)
  .map(([field, { ops }]) => `${field} (${ops.join(', ')})`)
  .join(', ');

type Token = { kind: 'word' | 'string' | 'punct'; text: string };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] as string;
    if (/\s/.test(char)) at++;
    else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punct', text: char });
      at++;
    } else if (char === '"') {
      let value = '';
      at++;
      while (at < text.length && text[at] !== '"') {
        if (text[at] === '\\' && at + 1 < text.length) at++;
        value += text[at];
        at++;
      }
      if (at >= text.length) return 'a string is not closed (")';
      at++;
      tokens.push({ kind: 'string', text: value });
    } else {
      const word = /^[^\s(),"]+/.exec(text.slice(at))?.[0] as string;
      tokens.push({ kind: 'word', text: word });
      at += word.length;
    }
  }
  return tokens;
}

type Test = (identity: IdentityView) => boolean;

class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Test {
    const test = this.or();
    if (this.at < this.tokens.length) throw new Error(`unexpected ${JSON.stringify(this.tokens[this.at]?.text)}`);
    return test;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(what: string): Token {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new Error(`${what} expected at the end`);
    return token;
  }

  private or(): Test {
    const terms = [this.and()];
    while (this.peek()?.text === 'or') {
      this.at++;
      terms.push(this.and());
    }
    return terms.length === 1 ? (terms[0] as Test) : (i) => terms.some((term) => term(i));
  }

  private and(): Test {
    const terms = [this.term()];
    while (this.peek()?.text === 'and') {
      this.at++;
      terms.push(this.term());
    }
    return terms.length === 1 ? (terms[0] as Test) : (i) => terms.every((term) => term(i));
  }

  private value(): string | boolean {
    const token = this.next('a value');
    if (token.kind === 'string') return token.text;
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    throw new Error(`a value must be "quoted" (or true, false), got ${token.text}`);
  }

  private term(): Test {
    const first = this.next('a field');
    if (first.text === '(') {
      const inner = this.or();
      if (this.next(')').text !== ')') throw new Error(') expected');
      return inner;
    }
    const field = fields[first.text];
    if (first.kind !== 'word' || field === undefined)
      throw new Error(`cannot filter on ${JSON.stringify(first.text)}; the fields are ${supported}`);
    const op = this.next('an operator').text;
    if (!field.ops.includes(op)) throw new Error(`${first.text} supports ${field.ops.join(', ')}, not ${op}`);
    if (op === 'in') {
      if (this.next('(').text !== '(') throw new Error('in takes a list: id in ("a", "b")');
      const values = new Set([this.value()]);
      while (this.peek()?.text === ',') {
        this.at++;
        values.add(this.value());
      }
      if (this.next(')').text !== ')') throw new Error(') expected after the list');
      return (i) => {
        const value = field.get(i);
        return value !== null && value !== undefined && values.has(value);
      };
    }
    const expected = this.value();
    if (op === 'sw')
      return (i) => {
        const value = field.get(i);
        return typeof value === 'string' && typeof expected === 'string' && value.startsWith(expected);
      };
    return (i) => field.get(i) === expected;
  }
}

/** Parses `filters` for the identities collection; null means every identity. */
export function parseIdentityFilter(filters: string | null): IdentityFilter {
  if (filters === null || filters.trim() === '') return { ok: true, test: () => true };
  const tokens = tokenize(filters);
  if (typeof tokens === 'string') return { ok: false, cause: `filters: ${tokens}` };
  try {
    return { ok: true, test: new Parser(tokens).parse() };
  } catch (error) {
    return { ok: false, cause: `filters: ${(error as Error).message}` };
  }
}
