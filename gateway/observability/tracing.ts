import { createRequire } from 'node:module';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

/**
 * OpenTelemetry traces, only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is
 * set. Otherwise the SDK is never loaded: the spans below go to the API's no-op tracer, which records
 * nothing and propagates nothing.
 */
interface Running {
  shutdown(): Promise<void>;
  flush(): Promise<void>;
  disableInstrumentations(): void;
}

interface Delegating {
  getDelegate(): unknown;
}

interface Flushable {
  forceFlush(): Promise<void>;
}

let running: Running | undefined;

const TRACER = 'clets-gateway';
const load = createRequire(import.meta.url);

/** Where spans are exported, or undefined when tracing is off. */
export function tracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Starts the process's tracing once, when an endpoint is configured: the Node SDK with the OTLP/HTTP (JSON)
 * trace exporter, W3C trace context, and the http and express instrumentations. Synchronous (the SDK is
 * loaded with require) so that a module imported before express and http are loaded can start it and the
 * instrumentations see them load. Returns whether tracing runs.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env, serviceName = 'clets-gateway'): boolean {
  const url = tracesEndpoint(env);
  if (running || url === undefined) return running !== undefined;
  const { NodeSDK } = load('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = load('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = load('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = load(
    '@opentelemetry/instrumentation-express',
  ) as typeof import('@opentelemetry/instrumentation-express');
  const instrumentations = [new HttpInstrumentation(), new ExpressInstrumentation()];
  // Traces only (batched): no OTLP metrics (Prometheus reads /metrics) and no OTLP logs (pino writes them).
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    traceExporter: new OTLPTraceExporter({ url }),
    instrumentations,
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  running = {
    shutdown: () => sdk.shutdown(),
    flush: async () => {
      // The API hands out a proxy; the SDK's provider behind it can flush its batch.
      const provider = trace.getTracerProvider() as Partial<Delegating>;
      const delegate = (provider.getDelegate?.() ?? provider) as Partial<Flushable>;
      await delegate.forceFlush?.();
    },
    disableInstrumentations: () => instrumentations.forEach((i) => i.disable()),
  };
  return true;
}

/** Exports the spans ended so far (tests; a stopping process). */
export async function flushTracing(): Promise<void> {
  await running?.flush();
}

/** Flushes and stops tracing, and unregisters it from the OpenTelemetry API (a later start begins anew). */
export async function stopTracing(): Promise<void> {
  const current = running;
  running = undefined;
  if (!current) return;
  await current.shutdown();
  current.disableInstrumentations();
  trace.disable();
  propagation.disable();
  context.disable();
}

export function tracer() {
  return trace.getTracer(TRACER);
}

/** Runs `fn` in a child span of the active one; a rejection marks the span as an error. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Runs the synchronous `fn` in a child span of the active one. */
export function inSpanSync<T>(name: string, attributes: Attributes, fn: () => T): T {
  return tracer().startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Starts the span of one client request at the gateway: a child of the active span (http instrumentation),
 * else of the caller's `traceparent`. Returns the span and the context to run the request in.
 */
export function startRequestSpan(
  name: string,
  headers: Record<string, string | string[] | undefined>,
  attributes: Attributes,
): { span: Span; context: Context } {
  const active = context.active();
  const parent = trace.getSpan(active) ? active : propagation.extract(active, headers);
  const span = tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** A span for one fetch to a subgraph, and the headers (`traceparent`) that carry it to the subgraph. */
export function startFetchSpan(subgraph: string): { span: Span; headers: Record<string, string> } {
  const span = tracer().startSpan('clets.subgraph.fetch', { kind: SpanKind.CLIENT, attributes: { 'clets.subgraph': subgraph } });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return { span, headers };
}
