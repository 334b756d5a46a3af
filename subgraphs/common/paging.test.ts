import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { connection, decodeCursor, decodePosition, encodeCursor, parseFirst } from './paging.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions : error;
  }
  return undefined;
};

describe('paging', () => {
  it('reads back the sort key a cursor was made from, timestamps and ids included', () => {
    const cursor = encodeCursor('nlets-inbox', ['2026-12-01T09:00:00.000Z', 42]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('nlets-inbox', ['text', 'position'], cursor)).toEqual(['2026-12-01T09:00:00.000Z', '42']);
    expect(decodePosition('audit-event', encodeCursor('audit-event', [5]))).toBe(5);
    // The audit trail's cursors keep their earlier form.
    expect(encodeCursor('audit-event', [5])).toBe(Buffer.from('audit-event:5').toString('base64url'));
  });

  it('refuses anything that is not a cursor of the list, naming the argument', () => {
    const other = encodeCursor('nlets-outbox', ['2026-12-01T09:00:00.000Z', 42]);
    for (const bad of ['', 'x y', other, encodeCursor('nlets-inbox', ['2026', 'many']), encodeCursor('nlets-inbox', ['2026'])]) {
      expect(
        refusal(() => decodeCursor('nlets-inbox', ['text', 'position'], bad, 'after')),
        bad,
      ).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
    expect(refusal(() => decodePosition('audit-event', encodeCursor('audit-event', [0])))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('bounds the page size and defaults it', () => {
    const bounds = { default: 20, max: 100 };
    expect(parseFirst(undefined, bounds)).toBe(20);
    expect(parseFirst(null, bounds)).toBe(20);
    expect(parseFirst(100, bounds)).toBe(100);
    for (const bad of [0, -1, 101, 2.5])
      expect(refusal(() => parseFirst(bad, bounds))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('builds a page from one item more than it holds', () => {
    const page = connection([1, 2, 3], 2, 'n', (n) => [n], 7);
    expect(page.nodes).toEqual([1, 2]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('n', [2]) });
    expect(page.totalCount).toBe(7);
    expect(connection([1, 2], 2, 'n', (n) => [n]).pageInfo.hasNextPage).toBe(false);
  });
});
