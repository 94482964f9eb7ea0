/**
 * The renderer's Content Security Policy, sent with every app:// and browser-mode
 * response. connect-src allows ws:/wss: for the LAN signaling server, whose
 * address only an invite knows.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
