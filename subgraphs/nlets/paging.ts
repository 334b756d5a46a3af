import { CONNECTION_PAGE, connection, decodeCursor, parseFirst, type Connection, type PageArgs } from '../common/paging.ts';
import type { PageKey, Paged } from './workflow-queries.ts';

/** The kinds of Nlets list, as their cursors name them (a cursor of one list is refused by another). */
export type ListKind = 'nlets-inbox' | 'nlets-outbox' | 'hit-confirmation';

export interface Page {
  first: number;
  after: PageKey | undefined;
}

export function parsePage(kind: ListKind, args: PageArgs): Page {
  const first = parseFirst(args.first, CONNECTION_PAGE);
  if (args.after == null) return { first, after: undefined };
  const [time, position] = decodeCursor(kind, ['text', 'position'], args.after);
  return { first, after: { time, position: Number(position) } };
}

/** A page from rows read with one row more than the page holds; `time` is the list's sort time. */
export function pageOf<T>(rows: Paged<T>[], page: Page, kind: ListKind, time: (row: T) => string): Connection<Paged<T>> {
  return connection(rows, page.first, kind, (row) => [time(row), row.position]);
}
