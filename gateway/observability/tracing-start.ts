/**
 * Side-effect module: starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (see tracing.ts). Imported by
 * gateway/server.ts before express, so that the http and express instrumentations see them load.
 */
import { startTracing } from './tracing.ts';

startTracing(process.env);
