import { readFileSync } from 'node:fs';
import express, { type Router } from 'express';
import { PAGE_CONTENT_SECURITY_POLICY, pageHeaders } from '../page-headers.ts';

/**
 * The audit console at `/audit`: misuse cases to triage, their evidence, a user's activity beside their
 * peers', and the audit report as CSV or print. A static page and a small script served from this folder
 * (no CDN, strict Content-Security-Policy). It has no endpoint of its own: every read and every triage
 * change goes through `/graphql` with the API's bearer token and purpose A, so the policy, the audit
 * subgraph's agency scope and the audit trail apply to it exactly as to any other client (CJIS Security
 * Policy 5.4.3 audit review; 11 CCR 702).
 */

/** The only files served under `/audit/assets/`: an allowlist, never a directory. */
const ASSETS: Record<string, string> = { 'audit.js': 'text/javascript', 'audit.css': 'text/css' };

export function auditConsoleRouter(): Router {
  const router = express.Router();
  const page = readFileSync(new URL('./audit.html', import.meta.url));
  const assets = new Map(
    Object.entries(ASSETS).map(([name, type]) => [name, { body: readFileSync(new URL(`./${name}`, import.meta.url)), type }]),
  );

  router.get('/audit', (_req, res) => {
    res
      .status(200)
      .set({ ...pageHeaders, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CONTENT_SECURITY_POLICY })
      .send(page);
  });
  router.get('/audit/assets/:asset', (req, res) => {
    const asset = assets.get(req.params.asset);
    if (!asset) {
      res.status(404).json({ error: `no audit console asset named "${req.params.asset}"` });
      return;
    }
    res
      .status(200)
      .set({ 'content-type': `${asset.type}; charset=utf-8`, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' })
      .send(asset.body);
  });
  return router;
}
