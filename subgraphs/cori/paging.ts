import { CONNECTION_PAGE, connection, decodeCursor, parseFirst, type Connection, type PageArgs } from '../common/paging.ts';
import type { PageKey } from './workflow-queries.ts';

/** The kinds of CORI list, as their cursors name them (a cursor of one list is refused by the other). */
export type ListKind = 'record-challenge' | 'correction-notice';

export interface Page {
  first: number;
  after: PageKey | undefined;
}

export function parsePage(kind: ListKind, args: PageArgs): Page {
  const first = parseFirst(args.first, CONNECTION_PAGE);
  if (args.after == null) return { first, after: undefined };
  const [time, id] = decodeCursor(kind, ['text', 'text'], args.after);
  return { first, after: { time, id } };
}

/** A page from rows read with one row more than the page holds; `time` is the list's sort time. */
export function pageOf<T extends { id: string }>(rows: T[], page: Page, kind: ListKind, time: (row: T) => string): Connection<T> {
  return connection(rows, page.first, kind, (row) => [time(row), row.id]);
}
