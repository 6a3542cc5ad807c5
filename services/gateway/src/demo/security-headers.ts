import type { RequestHandler } from 'express';

/**
 * Headers of every demo response. The policy allows scripts, styles and images from the gateway only (no inline
 * code at all), and connections to the gateway plus the WebSocket's origin when that lives elsewhere.
 */
export function demoSecurityHeaders(wsUrl: string | undefined): RequestHandler {
  const connect = ["'self'", ...(wsUrl ? [new URL(wsUrl).origin] : [])].join(' ');
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_request, response, next) => {
    response.set({
      'content-security-policy': policy,
      // The page and its script change with the source; a stale copy would only confuse.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    next();
  };
}
