/** One entry of a route table: a method and a path whose `:name` segments are parameters. */
export interface Route {
  readonly method: string;
  readonly path: string;
}

export type RouteMatch<R extends Route> =
  | { readonly kind: 'found'; readonly route: R; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'not-found' }
  /** The path exists, the method does not: `allow` lists the methods it has. */
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] };

interface Node<R> {
  readonly fixed: Map<string, Node<R>>;
  param?: { readonly name: string; readonly node: Node<R> };
  readonly methods: Map<string, R>;
}

const newNode = <R>(): Node<R> => ({ fixed: new Map(), methods: new Map() });

function segmentsOf(path: string): string[] {
  // One trailing slash is the same path; an empty segment elsewhere matches nothing.
  const trimmed = path.length > 1 && path.endsWith('/') && !path.endsWith('//') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

/**
 * Matches a request to a route table, segment by segment (a fixed segment
 * before a parameter), and decides 404 and 405 for every route alike.
 */
export class Router<R extends Route> {
  private readonly root: Node<R> = newNode();

  constructor(routes: readonly R[]) {
    for (const route of routes) this.add(route);
  }

  private add(route: R): void {
    let node = this.root;
    for (const segment of segmentsOf(route.path)) {
      if (segment.startsWith(':')) {
        const name = segment.slice(1);
        if (node.param !== undefined && node.param.name !== name)
          throw new Error(`route ${route.method} ${route.path}: :${name} conflicts with :${node.param.name}`);
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.fixed.get(segment);
        if (next === undefined) {
          next = newNode();
          node.fixed.set(segment, next);
        }
        node = next;
      }
    }
    if (node.methods.has(route.method)) throw new Error(`route ${route.method} ${route.path} is in the table twice`);
    node.methods.set(route.method, route);
  }

  match(method: string, path: string): RouteMatch<R> {
    const allow = new Set<string>();
    for (const [node, params] of candidates(this.root, segmentsOf(path), 0, {})) {
      const route = node.methods.get(method);
      if (route !== undefined) return { kind: 'found', route, params };
      for (const known of node.methods.keys()) allow.add(known);
    }
    return allow.size === 0 ? { kind: 'not-found' } : { kind: 'method-not-allowed', allow: [...allow] };
  }
}

type Params = Readonly<Record<string, string>>;

/** The nodes with routes that a path reaches, fixed segments first. */
function* candidates<R>(node: Node<R>, segments: string[], at: number, params: Params): Generator<[Node<R>, Params]> {
  if (at === segments.length) {
    if (node.methods.size > 0) yield [node, params];
    return;
  }
  const segment = segments[at] as string;
  const fixed = node.fixed.get(segment);
  if (fixed !== undefined) yield* candidates(fixed, segments, at + 1, params);
  if (node.param === undefined || segment === '') return;
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return;
  }
  yield* candidates(node.param.node, segments, at + 1, { ...params, [node.param.name]: value });
}
