// A plain static file server for the built app, as any static host would serve dist/: validators (ETag,
// Last-Modified; a matching If-None-Match gets 304, so a returning visitor's browser reuses its HTTP cache and the
// compiled WebAssembly cached beside it), optionally the headers a well-configured host sends (src/build/
// securityHeaders.ts: CSP with frame-ancestors, nosniff, and the COOP/COEP of cross-origin isolation, hence WASM
// threads), and nothing else.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CROSS_ORIGIN_ISOLATION, staticHostHeaders } from '../../src/build/securityHeaders';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.onnx': 'application/octet-stream',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * `crossOriginIsolated`: send COOP/COEP; `hostHeaders`: send every header of a well-configured host (the CSP with
 * frame-ancestors and nosniff too), as the browser tests' isolated origin does.
 */
export async function serveStatic(
  root: string,
  crossOriginIsolated: boolean,
  { hostHeaders = false }: { hostHeaders?: boolean } = {},
): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const stat = statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers: Record<string, string | number> = {
      ETag: etag,
      'Last-Modified': stat.mtime.toUTCString(),
      'Cache-Control': 'no-cache',
    };
    if (hostHeaders) Object.assign(headers, staticHostHeaders());
    if (crossOriginIsolated) Object.assign(headers, CROSS_ORIGIN_ISOLATION);
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers).end();
      return;
    }
    headers['Content-Type'] = TYPES[path.extname(file)] ?? 'application/octet-stream';
    headers['Content-Length'] = stat.size;
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
