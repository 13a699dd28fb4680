// The identities collection's `filters`, in ISC's standard syntax: terms
// joined by `and`/`or`, negated by `not` (not binds tightest, then and),
// parentheses, and per field the operators SailPoint's spec lists for it.
// Strings compare without regard to case, as the standard collection
// parameters page says most comparisons do; operators are lower case only.
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

/** A value as filters compare it: strings without regard to case. */
const folded = <T extends string | boolean>(value: T): T =>
  (typeof value === 'string' ? value.toLowerCase() : value) as T;

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

/** How deep parentheses and `not`s may nest: deeper filters are a 400 of their own, never a stack overflow. */
export const maxFilterDepth = 50;

class Parser {
  private at = 0;
  private depth = 0;
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
    const terms = [this.negation()];
    while (this.peek()?.text === 'and') {
      this.at++;
      terms.push(this.negation());
    }
    return terms.length === 1 ? (terms[0] as Test) : (i) => terms.every((term) => term(i));
  }

  private deeper<T>(parse: () => T): T {
    if (++this.depth > maxFilterDepth) throw new Error(`nested more than ${maxFilterDepth} levels deep`);
    const parsed = parse();
    this.depth--;
    return parsed;
  }

  private negation(): Test {
    if (this.peek()?.text !== 'not') return this.term();
    this.at++;
    const negated = this.deeper(() => this.negation());
    return (i) => !negated(i);
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
      const inner = this.deeper(() => this.or());
      if (this.next(')').text !== ')') throw new Error(') expected');
      return inner;
    }
    const field = Object.hasOwn(fields, first.text) ? fields[first.text] : undefined;
    if (first.kind !== 'word' || field === undefined)
      throw new Error(`cannot filter on ${JSON.stringify(first.text)}; the fields are ${supported}`);
    const op = this.next('an operator').text;
    if (!field.ops.includes(op)) throw new Error(`${first.text} supports ${field.ops.join(', ')}, not ${op}`);
    if (op === 'in') {
      if (this.next('(').text !== '(') throw new Error('in takes a list: id in ("a", "b")');
      const values = new Set([folded(this.value())]);
      while (this.peek()?.text === ',') {
        this.at++;
        values.add(folded(this.value()));
      }
      if (this.next(')').text !== ')') throw new Error(') expected after the list');
      return (i) => {
        const value = field.get(i);
        return value !== null && value !== undefined && values.has(folded(value));
      };
    }
    const expected = folded(this.value());
    if (op === 'sw')
      return (i) => {
        const value = field.get(i);
        return typeof value === 'string' && typeof expected === 'string' && folded(value).startsWith(expected);
      };
    return (i) => {
      const value = field.get(i);
      return value !== null && value !== undefined && folded(value) === expected;
    };
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
