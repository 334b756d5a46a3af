import type { ApolloServerPlugin } from '@apollo/server';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

/** Headers as Apollo Server hands them to plugins (a Map of lower-case names). */
const HEADER_MAP: TextMapGetter<Map<string, string>> = { get: (carrier, key) => carrier.get(key), keys: (carrier) => [...carrier.keys()] };

/** Where a request's context keeps the gateway's request id (a symbol key survives Apollo's shallow copy). */
const REQUEST_ID = Symbol('requestId');

/** Marks a request's context with the gateway's request id, for the plugin below. */
export function withRequestId<C extends object>(context: C, requestId: string): C {
  return Object.assign(context, { [REQUEST_ID]: requestId });
}

/** The subgraph's JSON logger at LOG_LEVEL (default info), to stdout. */
export function subgraphLogger(name: string): Logger {
  return pino({ name: `subgraph-${name}`, level: process.env.LOG_LEVEL ?? 'info' }, process.stdout);
}

/**
 * One line per request served (debug) or failed (error), each naming the gateway's request id — the `rid`
 * claim of its signed context, put on the request's context with `withRequestId` — and a span that continues the gateway's
 * trace (`traceparent`; a no-op unless the process runs an OpenTelemetry SDK).
 */
export function observabilityPlugin<C extends object>(subgraph: string, logger: Logger): ApolloServerPlugin<C> {
  const tracer = trace.getTracer('clets-subgraph');
  return {
    async requestDidStart({ request, contextValue }) {
      const started = performance.now();
      const requestId = (contextValue as { [REQUEST_ID]?: string })[REQUEST_ID];
      const parent = request.http ? propagation.extract(ROOT_CONTEXT, request.http.headers, HEADER_MAP) : ROOT_CONTEXT;
      const span = tracer.startSpan(
        `clets.subgraph.${subgraph}`,
        { kind: SpanKind.SERVER, attributes: { 'clets.subgraph': subgraph, 'clets.request_id': requestId ?? '' } },
        parent,
      );
      const log = logger.child({ requestId, subgraph });
      return {
        async didEncounterErrors({ errors }) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          log.error({ errors: errors.map((e) => ({ message: e.message, code: e.extensions.code, path: e.path })) }, 'request failed');
        },
        async willSendResponse({ operationName }) {
          span.setAttribute('graphql.operation.name', operationName ?? '');
          span.end();
          log.debug({ operationName, ms: Math.round((performance.now() - started) * 100) / 100 }, 'request served');
        },
      };
    },
  };
}
