import { readFileSync } from 'node:fs';
import type { Router } from 'express';

/**
 * The gateway's own pages (`/policies`, `/audit`): every script, style and request stays on this gateway (no
 * CDN: CJIS terminals often have no internet, and must not pull code from third parties), no inline script,
 * no framing.
 */
const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

export interface StaticPage {
  /** Where the page is served, e.g. `/audit`; its assets are under `<path>/assets/`. */
  path: string;
  /** Its name in a 404 answer, e.g. "audit console". */
  name: string;
  html: URL;
  /** The page's own scripts and styles; `page-kit.js` (gateway/pages/) is served beside them. */
  assets: readonly URL[];
}

/** Serves a page and an allowlist of its assets (never a directory), read once at start. */
export function serveStaticPage(router: Router, page: StaticPage): void {
  const html = readFileSync(page.html);
  const assets = new Map(
    [new URL('./page-kit.js', import.meta.url), ...page.assets].map((file) => {
      const name = file.pathname.slice(file.pathname.lastIndexOf('/') + 1);
      return [name, { body: readFileSync(file), type: TYPES[name.slice(name.lastIndexOf('.'))] }];
    }),
  );
  router.get(page.path, (_req, res) => {
    res
      .status(200)
      .set({ ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CONTENT_SECURITY_POLICY })
      .send(html);
  });
  router.get(`${page.path}/assets/:asset`, (req, res) => {
    const asset = assets.get(req.params.asset);
    if (!asset) {
      res.status(404).json({ error: `no ${page.name} asset named "${req.params.asset}"` });
      return;
    }
    res
      .status(200)
      .set({ ...PAGE_HEADERS, 'content-type': `${asset.type}; charset=utf-8` })
      .send(asset.body);
  });
}
