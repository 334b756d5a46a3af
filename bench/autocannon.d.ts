/** The part of autocannon 8's API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  export interface AutocannonOptions {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Cycled through by every connection. */
    requests?: AutocannonRequest[];
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    setupClient?: (client: AutocannonClient) => void;
  }

  export interface AutocannonClient {
    on(event: 'body', listener: (body: Buffer) => void): void;
    /** Replaces the requests this connection cycles through. */
    setRequests(requests: AutocannonRequest[]): void;
  }

  /** Latency histogram in milliseconds. */
  export interface Histogram {
    min: number;
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }

  export interface AutocannonResult {
    latency: Histogram;
    requests: { total: number; average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface AutocannonInstance extends EventEmitter, PromiseLike<AutocannonResult> {
    on(event: 'response', listener: (client: AutocannonClient, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
    stop(): void;
  }

  export default function autocannon(options: AutocannonOptions): AutocannonInstance;
}
