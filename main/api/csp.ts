// The one Content-Security-Policy of the renderer, shared by both transports and by the <meta>
// tag in renderer/index.html (test/unit/contract-csp.test.ts keeps the three in step).
// Scripts only from our own files, no eval, no remote anything. Inline style *attributes* stay
// allowed because ECharts writes style="" into its tooltip HTML; no script can be inlined.
// ws://127.0.0.1:* lets the web-mode page reach its own loopback WebSocket whatever the port.
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
] as const;

/** What renderer/index.html carries in <meta http-equiv="Content-Security-Policy">. */
export const CSP_META = CSP_DIRECTIVES.join('; ');

/** The response-header form adds what a <meta> cannot express (frame-ancestors is ignored there). */
export const CSP_HEADER = `${CSP_META}; frame-ancestors 'none'`;
