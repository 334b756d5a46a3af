import express, { type Router } from 'express';
import { serveStaticPage } from '../static-page.ts';

/**
 * The audit console at `/audit`: misuse cases to triage, their evidence, a user's activity beside their
 * peers', and the audit report as CSV or print. A static page and a small script served from this folder
 * (no CDN, strict Content-Security-Policy). It has no endpoint of its own: every read and every triage
 * change goes through `/graphql` with the API's bearer token and purpose A, so the policy, the audit
 * subgraph's agency scope and the audit trail apply to it exactly as to any other client (CJIS Security
 * Policy 5.4.3 audit review; 11 CCR 702).
 */

export function auditConsoleRouter(): Router {
  const router = express.Router();
  serveStaticPage(router, {
    path: '/audit',
    name: 'audit console',
    html: new URL('./audit.html', import.meta.url),
    assets: [new URL('./audit.js', import.meta.url), new URL('./audit.css', import.meta.url)],
  });
  return router;
}
