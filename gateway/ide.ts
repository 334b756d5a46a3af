import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * The offline GraphiQL IDE at `/`: one HTML page whose scripts and styles all come from this gateway
 * (`/ide/...`, read from the installed graphiql@3.9.0, react@18 and react-dom@18 packages). No CDN and
 * no external URL: the machines that run this product often have no internet access, and a CJIS
 * terminal must not pull code from third parties. A Content-Security-Policy pins that down.
 */
export interface IdeOptions {
  /** GraphQL endpoint path the IDE sends operations to. @default '/graphql' */
  endpoint?: string;
  /** Operation shown on first visit. */
  defaultQuery: string;
  /** Variables (JSON text) shown on first visit. @default '' */
  defaultVariables?: string;
  /** Request headers (JSON text) shown in the headers editor on first visit. @default '{}' */
  defaultHeaders?: string;
}

const require = createRequire(import.meta.url);

function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** The only files served under `/ide/`: an allowlist, never a directory. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.production.min.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.min.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

/** Starts GraphiQL from the JSON config block in the page (a separate file, so no inline script is needed). */
const APP_JS = `(function () {
  var config = JSON.parse(document.getElementById('ide-config').textContent);
  var fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).toString() });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultVariables: config.defaultVariables,
      defaultHeaders: config.defaultHeaders,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers'
    })
  );
})();
`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // GraphiQL and CodeMirror set style attributes
  "img-src 'self' data:",
  "font-src 'self' data:", // graphiql.min.css embeds its fonts as data: URLs
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function idePage(options: IdeOptions): string {
  const config = {
    endpoint: options.endpoint ?? '/graphql',
    defaultQuery: options.defaultQuery,
    defaultVariables: options.defaultVariables ?? '',
    defaultHeaders: options.defaultHeaders ?? '{}',
  };
  // `<` escaped so no value can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>CLETS federation gateway (simulated data)</title>
    <link rel="stylesheet" href="/ide/graphiql.min.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading the GraphiQL IDE…</div>
    <script type="application/json" id="ide-config">${json}</script>
    <script src="/ide/react.production.min.js"></script>
    <script src="/ide/react-dom.production.min.js"></script>
    <script src="/ide/graphiql.min.js"></script>
    <script src="/ide/app.js"></script>
  </body>
</html>
`;
}

/** `GET /` (the page) and `GET /ide/<asset>` (the allowlisted files). */
export function ideRouter(options: IdeOptions): Router {
  const router = express.Router();
  const page = idePage(options);
  const assets = new Map(Object.entries(ASSETS).map(([name, { file, type }]) => [name, { body: readFileSync(file), type }]));
  assets.set('app.js', { body: Buffer.from(APP_JS), type: 'text/javascript' });

  router.get('/', (_req, res) => {
    res
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      })
      .send(page);
  });
  router.get('/ide/:asset', (req, res) => {
    const asset = assets.get(req.params.asset);
    if (!asset) {
      res.status(404).json({ error: `no IDE asset named "${req.params.asset}"` });
      return;
    }
    res
      .status(200)
      .set({
        'content-type': `${asset.type}; charset=utf-8`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'public, max-age=3600',
      })
      .send(asset.body);
  });
  return router;
}
