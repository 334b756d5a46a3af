import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of one subgraph that records the GraphQL documents the gateway
 * sends it, so a test can prove what a source was (and was not) asked for.
 */
export interface RecordingProxy {
  url: string;
  /** Request bodies received since the last `clear()`. */
  received: { query: string; variables?: Record<string, unknown> }[];
  /** The raw requests received since the last `clear()`: headers as forwarded, body as bytes sent (UTF-8). */
  requests: { headers: Record<string, string>; body: string }[];
  clear(): void;
  stop(): Promise<void>;
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const received: RecordingProxy['received'] = [];
  const requests: RecordingProxy['requests'] = [];
  const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    try {
      received.push(JSON.parse(body.toString('utf8')) as RecordingProxy['received'][number]);
    } catch {
      // not JSON: forwarded as is, nothing to record
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
    ) as Record<string, string>;
    requests.push({ headers, body: body.toString('utf8') });
    const upstream = await fetch(targetUrl, { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };
  // A subgraph that cannot be reached looks to the gateway like a dropped connection, as it would without the proxy.
  const server = http.createServer((req, res) => void forward(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    requests,
    clear: () => {
      received.length = 0;
      requests.length = 0;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
