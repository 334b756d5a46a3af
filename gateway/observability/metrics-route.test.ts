import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import express from 'express';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback, metricsRoute } from './metrics-route.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Serves the route over HTTP on `host` and returns its port. */
async function serve(token: string | undefined, host: string): Promise<number> {
  const registry = new Registry();
  new Counter({ name: 'probe_total', help: 'a sample', registers: [registry] }).inc();
  const app = express();
  app.get('/metrics', metricsRoute(registry, token));
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** An address of this machine that is not the loopback (a request to it comes from it too). */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('who may read /metrics', () => {
  it('without METRICS_TOKEN: anyone on the loopback', async () => {
    const port = await serve(undefined, '127.0.0.1');
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('probe_total 1');
  });

  it.skipIf(outside === undefined)('without METRICS_TOKEN: nobody from another address (403)', async () => {
    const port = await serve(undefined, '0.0.0.0');
    const response = await fetch(`http://${outside}:${port}/metrics`);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('probe_total');
  });

  it('with METRICS_TOKEN: its bearer only, from any address, the loopback included', async () => {
    const port = await serve('s3cret-token', '127.0.0.1');
    const url = `http://127.0.0.1:${port}/metrics`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const scraper = await fetch(url, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain('probe_total 1');
  });

  it('knows the loopback in its IPv4, IPv6 and mapped forms', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', undefined].some(isLoopback)).toBe(false);
  });
});
