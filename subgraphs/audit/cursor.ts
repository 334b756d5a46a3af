import { badUserInput } from '../shared/errors.ts';

/**
 * Opaque page cursors. A cursor names the last item of a page (an event's seq, an alert's id) and the kind
 * of list it belongs to, base64url-encoded so that clients do not build them; the next page holds the items
 * strictly older than it (the lists are newest first).
 */
export type CursorKind = 'event' | 'alert';

const PREFIX: Record<CursorKind, string> = { event: 'audit-event:', alert: 'misuse-alert:' };

export function encodeCursor(kind: CursorKind, position: number): string {
  return Buffer.from(`${PREFIX[kind]}${position}`, 'utf8').toString('base64url');
}

/** The position a cursor names; BAD_USER_INPUT for anything that is not a cursor of this kind of list. */
export function decodeCursor(kind: CursorKind, cursor: string, argument = 'after'): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const digits = text.startsWith(PREFIX[kind]) ? text.slice(PREFIX[kind].length) : '';
  const position = /^[1-9]\d{0,14}$/.test(digits) ? Number(digits) : NaN;
  if (!Number.isSafeInteger(position)) {
    throw badUserInput(argument, `"${cursor}" is not a cursor of this list: pass the pageInfo.endCursor of the previous page.`);
  }
  return position;
}
