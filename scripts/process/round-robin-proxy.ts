/**
 * A small round-robin HTTP proxy in front of gateway replicas (for `npm run cluster`; loopback by
 * default). A replica that refuses the connection is skipped for a moment and the request goes to the
 * next one (it never reached a gateway, so nothing was recorded or done twice); a replica that fails once
 * it has the request (dies mid-request) gives 502, never a retry, since it may already have acted and
 * recorded the request.
 */
import http from 'node:http';

export interface RoundRobinProxy {
  url: string;
  port: number;
  /** Requests sent on to each upstream, by URL. */
  forwarded: Map<string, number>;
  stop(): Promise<void>;
}

export interface ProxyOptions {
  upstreams: string[];
  port: number;
  host?: string;
  /** How long an upstream that refused a connection is skipped. @default 1000 */
  coolDownMs?: number;
  /** Largest body buffered for a retry on another replica. @default 1 MiB */
  maxBodyBytes?: number;
}

export async function startRoundRobinProxy(options: ProxyOptions): Promise<RoundRobinProxy> {
  const upstreams = options.upstreams.map((url) => new URL(url));
  const downUntil = new Map<string, number>();
  const forwarded = new Map<string, number>(options.upstreams.map((url) => [new URL(url).origin, 0]));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let next = 0;

  /** Upstreams in the order to try: round robin, the ones cooling down last. */
  const order = (): URL[] => {
    const start = next++ % upstreams.length;
    const rotated = [...upstreams.slice(start), ...upstreams.slice(0, start)];
    const now = Date.now();
    const up = rotated.filter((u) => (downUntil.get(u.origin) ?? 0) <= now);
    return [...up, ...rotated.filter((u) => !up.includes(u))];
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large for the proxy\n');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      forward(req, res, Buffer.concat(chunks), order());
    });
  });

  function forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, candidates: URL[]): void {
    const [target, ...rest] = candidates;
    if (!target) {
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ message: 'no gateway replica is reachable', extensions: { code: 'BAD_GATEWAY' } }] }));
      return;
    }
    let connected = false;
    const upstream = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && error.code === 'ECONNREFUSED') {
        downUntil.set(target.origin, Date.now() + (options.coolDownMs ?? 1000));
        forward(req, res, body, rest);
        return;
      }
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            errors: [{ message: `gateway replica failed: ${error.code ?? error.message}`, extensions: { code: 'BAD_GATEWAY' } }],
          }),
        );
      } else {
        res.destroy();
      }
    });
    forwarded.set(target.origin, (forwarded.get(target.origin) ?? 0) + 1);
    upstream.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    forwarded,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
