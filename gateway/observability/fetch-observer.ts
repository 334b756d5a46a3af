import { SpanStatusCode } from '@opentelemetry/api';
import type { FetchObserver } from '../sources/source-guard.ts';
import type { GatewayMetrics } from './metrics.ts';
import { startFetchSpan } from './tracing.ts';

/** Each subgraph fetch: a latency observation by subgraph and outcome, and a span whose context the subgraph continues. */
export function fetchObserver(metrics: GatewayMetrics): FetchObserver {
  return {
    start(source) {
      const started = performance.now();
      const { span, headers } = startFetchSpan(source);
      return {
        headers,
        end(outcome) {
          metrics.fetched(source, outcome, (performance.now() - started) / 1000);
          span.setAttribute('clets.fetch.outcome', outcome);
          if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
          span.end();
        },
      };
    },
  };
}
