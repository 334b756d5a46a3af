/**
 * Headers of the gateway's own pages (`/policies`, later `/audit`): every script, style and request stays on
 * this gateway (no CDN: CJIS terminals often have no internet, and must not pull code from third parties),
 * no inline script, no framing.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const pageHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;
