import { badUserInput } from './errors.ts';

/**
 * Relay-style paging shared by every subgraph list that can grow: `first`/`after` in, `edges { cursor node }`,
 * `nodes` and `pageInfo { hasNextPage endCursor }` out.
 *
 * A cursor names the sort key of the last item of a page and the kind of list it belongs to, as
 * `kind:part:part…` (parts URI-encoded, so a timestamp's colons stay inside its part), base64url-encoded so
 * that clients do not build them. The next page holds the items strictly after that key in the list's order,
 * so a cursor stays valid while items are added or removed.
 */

/** One part of a sort key as it is checked when a cursor is read back. */
export type KeyPart = 'position' | 'text';

const PART_PATTERN: Record<KeyPart, RegExp> = {
  position: /^(?:0|[1-9]\d{0,14})$/,
  text: /^[\x20-\x7e]{1,100}$/,
};

const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,512}$/;

export function encodeCursor(kind: string, key: readonly (string | number)[]): string {
  const text = [kind, ...key.map((part) => encodeURIComponent(String(part)))].join(':');
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * The sort key a cursor names, one string per part of `shape`; BAD_USER_INPUT naming `argument` for anything
 * that is not a cursor of this kind of list.
 */
export function decodeCursor(kind: string, shape: readonly KeyPart[], cursor: string, argument = 'after'): string[] {
  const parts = CURSOR_TEXT.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8').split(':') : [];
  const key = parts[0] === kind && parts.length === shape.length + 1 ? parts.slice(1).map(decodePart) : [];
  if (key.length !== shape.length || key.some((part, i) => part === null || !PART_PATTERN[shape[i]].test(part))) {
    throw badUserInput(argument, `"${cursor}" is not a cursor of this list: pass the pageInfo.endCursor of the previous page.`);
  }
  return key as string[];
}

function decodePart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** A cursor whose key is one positive integer (a sequence number, a row id). */
export function decodePosition(kind: string, cursor: string, argument = 'after'): number {
  const position = Number(decodeCursor(kind, ['position'], cursor, argument)[0]);
  if (position < 1) {
    throw badUserInput(argument, `"${cursor}" is not a cursor of this list: pass the pageInfo.endCursor of the previous page.`);
  }
  return position;
}

/** The arguments of every connection field. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Page sizes of the `...Connection` lists of the workflow sources (default 20, at most 100). */
export const CONNECTION_PAGE: PageBounds = { default: 20, max: 100 };

export interface PageBounds {
  /** Page size when `first` is omitted or null. */
  default: number;
  /** Largest page a client may ask for. */
  max: number;
}

/** The page size: an integer from 1 to `bounds.max`; omitted or null means `bounds.default`. */
export function parseFirst(value: number | null | undefined, bounds: PageBounds, argument = 'first'): number {
  if (value === null || value === undefined) return bounds.default;
  if (!Number.isInteger(value) || value < 1 || value > bounds.max) {
    throw badUserInput(argument, `${value} is not a page size: ask for 1 to ${bounds.max} items.`);
  }
  return value;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

/**
 * A page from the items that follow the cursor, read with one item more than the page holds (so that
 * `hasNextPage` needs no second query). `key` gives an item's sort key, as encoded in its cursor.
 */
export function connection<T>(
  items: readonly T[],
  first: number,
  kind: string,
  key: (item: T) => readonly (string | number)[],
  totalCount?: number,
): Connection<T> {
  const nodes = items.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(kind, key(node)), node }));
  const page: Connection<T> = { edges, nodes, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  return totalCount === undefined ? page : { ...page, totalCount };
}

export const EMPTY_CONNECTION: Connection<never> = { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
