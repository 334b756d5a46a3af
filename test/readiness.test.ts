/**
 * `GET /ready` is anonymous: it says ready or not and names the components that are down (subgraphs by
 * name, `audit` for the audit store), with no URL and no error text; the details go to the log.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(async () => {
  await stack?.stop();
});

async function ready(): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL('/ready', stack.origin));
  return { status: response.status, text: await response.text() };
}

const leaksNothing = (text: string) => {
  expect(text).not.toMatch(/https?:|127\.0\.0\.1|localhost|:\d{2,5}\b|ECONNREFUSED|fetch failed|closed|sqlite/i);
};

describe('GET /ready', () => {
  it('answers 200 {status: "ready", down: []} when every subgraph and the audit store answer', async () => {
    const answer = await ready();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ status: 'ready', down: [], policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('answers 503 naming a stopped subgraph, without its URL or the error', async () => {
    await stack.subgraphs.cori.stop();
    const answer = await ready();
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({
      status: 'unavailable',
      down: ['cori'],
      policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    leaksNothing(answer.text);
    expect((await fetch(new URL('/health', stack.origin))).status).toBe(200);
  });

  it('answers 503 naming the audit store once it is down (while every request gets 503)', async () => {
    await stack.audit.close();
    const query = await stack.query('{ __typename }');
    expect(query.status).toBe(503);
    const answer = await ready();
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({
      status: 'unavailable',
      down: ['cori', 'audit'],
      policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    leaksNothing(answer.text);
  });
});
