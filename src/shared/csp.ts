/**
 * The renderer's Content-Security-Policy: only our own scripts, styles and endpoints; no eval,
 * no inline script, no plugins, no framing. index.html carries the same policy in a meta tag
 * (a test keeps the two equal); browser mode also sends it as a header with frame-ancestors.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;
