// The headers a static host should send (issue 19): the preview server sends them, the dev server the ones hot
// reload allows, and extra framing origins are taken only when they are origins.
import { describe, expect, it } from 'vitest';
import config from '../../vite.config';
import { CONTENT_SECURITY_POLICY } from '../../src/build/contentSecurityPolicy';
import { devServerHeaders, frameAncestors, staticHostHeaders } from '../../src/build/securityHeaders';

describe('security headers', () => {
  it('frame the app only from its own origin, sniff nothing and isolate the page', () => {
    expect(staticHostHeaders()).toEqual({
      'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'self'`,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    expect(devServerHeaders()['Content-Security-Policy']).toBe("frame-ancestors 'self'");
  });

  it('are what the preview and dev servers send', () => {
    const embedders = process.env.DP_FRAME_ANCESTORS;
    expect(config.preview?.headers).toEqual(staticHostHeaders(embedders));
    expect(config.server?.headers).toEqual(devServerHeaders(embedders));
    expect(config.preview?.headers?.['X-Content-Type-Options']).toBe('nosniff');
  });

  it('let a listed slide host frame the app, and nothing that is not an origin', () => {
    expect(frameAncestors('https://slides.example.org, http://127.0.0.1:8080')).toBe(
      "frame-ancestors 'self' https://slides.example.org http://127.0.0.1:8080",
    );
    expect(frameAncestors("* 'unsafe-inline'; script-src *")).toBe("frame-ancestors 'self'");
  });
});
