import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { httpErrorBody } from '../http-errors.ts';

/**
 * `GET /metrics` (Prometheus text format). The metrics name no caller, person or record, but they do show
 * traffic and failures, so they are not public: with `METRICS_TOKEN` set, a scraper sends
 * `Authorization: Bearer <token>` (from any address); without it, only the loopback may read them (a
 * scraper or sidecar on the same host).
 */
export function metricsRoute(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return async (req, res) => {
    if (expected) {
      const presented = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        res.status(401).json(httpErrorBody('/metrics needs the METRICS_TOKEN bearer token.', 'UNAUTHENTICATED'));
        return;
      }
    } else if (!isLoopback(req.socket.remoteAddress)) {
      res
        .status(403)
        .json(httpErrorBody('/metrics is served to the loopback only; set METRICS_TOKEN to scrape it from elsewhere.', 'FORBIDDEN'));
      return;
    }
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
