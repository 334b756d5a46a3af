/**
 * GET /metrics: what an operator's Prometheus sees after real requests through the real gateway — requests
 * by audit outcome, denied fields by coordinate, error codes, limit refusals, subgraph fetch latency by
 * outcome (a stopped source included), audit write latency and queue, breaker state, process metrics —
 * and that no caller, person or record appears in any label.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultLimitsConfig } from '../gateway/limits/config.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { SUBGRAPH_NAMES } from '../common/config.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const PERSON = SHOWCASE.wantedDriver.personId;
const PROFILE = `{ person(id: "${PERSON}") { name { full } residenceAddress { city } criminalHistory { cii } wants { nic } } }`;

let stack: Stack;
beforeAll(async () => {
  const limits = defaultLimitsConfig();
  limits.sources.breakerFailures = 1; // one failed fetch opens a source's breaker
  limits.sources.breakerCooldownMs = 600_000;
  stack = await startStack({ dataDir: inject('dataDir'), limits });
});
afterAll(() => stack?.stop());

/** The scraped samples, as `name{labels}` → value. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${stack.origin}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

function value(samples: Map<string, number>, series: string): number {
  return samples.get(series) ?? 0;
}

describe('GET /metrics', () => {
  it('counts requests by outcome, denied fields by coordinate and errors by code', async () => {
    const before = await scrape();
    const allowed = await stack.query(PROFILE, undefined, await headersFor(CALLERS.investigator));
    expect(allowed.body.errors ?? []).toEqual([]);
    const partial = await stack.query(PROFILE, undefined, await headersFor(CALLERS.patrol));
    expect(partial.body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    const refused = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PROFILE }),
    });
    expect(refused.status).toBe(401);
    const after = await scrape();

    const delta = (series: string) => value(after, series) - value(before, series);
    expect(delta('clets_gateway_requests_total{outcome="ALLOWED"}')).toBe(1);
    expect(delta('clets_gateway_requests_total{outcome="PARTIAL"}')).toBe(1);
    expect(delta('clets_gateway_requests_total{outcome="UNAUTHENTICATED"}')).toBe(1);
    expect(delta('clets_gateway_denied_fields_total{coordinate="Person.criminalHistory"}')).toBe(1);
    expect(delta('clets_gateway_denied_fields_total{coordinate="Person.residenceAddress"}')).toBe(1);
    expect(delta('clets_gateway_response_errors_total{code="FORBIDDEN"}')).toBe(2);
    // Every request left one audit record, each timed; none is waiting once the answers are in.
    expect(delta('clets_gateway_audit_write_seconds_count{outcome="ok"}')).toBe(3);
    expect(value(after, 'clets_gateway_audit_queue_depth')).toBe(0);
    expect(delta('clets_gateway_subgraph_fetch_seconds_count{subgraph="cjis",outcome="ok"}')).toBeGreaterThanOrEqual(2);
  });

  it('counts limit refusals by limit', async () => {
    const before = await scrape();
    const deep = `{ person(id: "${PERSON}") { ${'vehicles { registeredOwner { '.repeat(10)}id${' } }'.repeat(10)} } }`;
    const answer = await stack.query(deep);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const after = await scrape();
    const series = 'clets_gateway_limit_refusals_total{outcome="QUERY_TOO_COMPLEX",limit="depth"}';
    expect(value(after, series) - value(before, series)).toBe(1);
    expect(
      value(after, 'clets_gateway_requests_total{outcome="QUERY_TOO_COMPLEX"}') -
        value(before, 'clets_gateway_requests_total{outcome="QUERY_TOO_COMPLEX"}'),
    ).toBe(1);
  });

  it('has process metrics and a closed breaker per subgraph, and no person, caller or record in any label', async () => {
    const samples = await scrape();
    expect(samples.has('process_cpu_user_seconds_total')).toBe(true);
    expect([...samples.keys()].some((series) => series.startsWith('nodejs_eventloop_lag_seconds'))).toBe(true);
    for (const subgraph of SUBGRAPH_NAMES) expect(samples.get(`clets_gateway_source_breaker_state{subgraph="${subgraph}"}`)).toBe(0);
    const text = [...samples.keys()].join('\n');
    for (const secret of [
      PERSON,
      CALLERS.patrol.sub,
      CALLERS.investigator.sub,
      CALLERS.investigator.caseNumber,
      SHOWCASE.wantedDriver.name,
    ])
      expect(text).not.toContain(secret);
  });

  it('times fetches to a stopped source as SOURCE_UNAVAILABLE and shows its breaker open', async () => {
    await stack.subgraphs.nlets.stop();
    const query = `{ person(id: "${PERSON}") { name { full } outOfStateLicenses { state } } }`;
    const before = await scrape();
    const first = await stack.query(query);
    expect(first.body.errors?.map((e) => e.extensions?.code)).toContain('SOURCE_UNAVAILABLE');
    const second = await stack.query(query); // the breaker is open: fails fast, still counted
    expect(second.body.errors?.map((e) => e.extensions?.code)).toContain('SOURCE_UNAVAILABLE');
    const after = await scrape();
    const series = 'clets_gateway_subgraph_fetch_seconds_count{subgraph="nlets",outcome="SOURCE_UNAVAILABLE"}';
    expect(value(after, series) - value(before, series)).toBe(2);
    expect(
      value(after, 'clets_gateway_response_errors_total{code="SOURCE_UNAVAILABLE"}') -
        value(before, 'clets_gateway_response_errors_total{code="SOURCE_UNAVAILABLE"}'),
    ).toBe(2);
    expect(after.get('clets_gateway_source_breaker_state{subgraph="nlets"}')).toBe(2);
    expect(after.get('clets_gateway_source_breaker_state{subgraph="cjis"}')).toBe(0);
  });
});
