// The response headers a static host should send with the built app (the preview server and the browser tests'
// server send them; README's deployment note lists them):
// - Content-Security-Policy with frame-ancestors: only the app's own origin may frame it (a <meta> policy cannot
//   say this; browsers ignore frame-ancestors there), plus the same policy as the built page's <meta>;
// - X-Content-Type-Options: nosniff, so no response is ever run as another type than the one it is served as;
// - COOP + COEP: cross-origin isolation, hence SharedArrayBuffer and multi-threaded WASM.
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';

/** Origins allowed to frame the page besides its own ('self'), e.g. a slide host for `?embed=1` iframes. */
export function frameAncestors(extra: string | undefined = undefined): string {
  const origins = (extra ?? '').split(/[\s,]+/).filter((origin) => /^https?:\/\/[\w.-]+(:\d+)?$/.test(origin));
  return ["frame-ancestors 'self'", ...origins].join(' ');
}

export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** Headers for the built app. `embedders`: origins that may frame it (space- or comma-separated). */
export function staticHostHeaders(embedders?: string): Record<string, string> {
  return {
    'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; ${frameAncestors(embedders)}`,
    'X-Content-Type-Options': 'nosniff',
    ...CROSS_ORIGIN_ISOLATION,
  };
}

/** The dev server: hot reload needs inline scripts, so only framing, sniffing and isolation are set. */
export function devServerHeaders(embedders?: string): Record<string, string> {
  return {
    'Content-Security-Policy': frameAncestors(embedders),
    'X-Content-Type-Options': 'nosniff',
    ...CROSS_ORIGIN_ISOLATION,
  };
}
