// Vite plugin: the top-level models/ folder (ONNX files and their JSON cards) is served at <base>models/ by the
// dev server and copied into dist/models/ by the build, so `vite preview` and any static host serve it too.
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

const SERVED = /^[\w.-]+\.(onnx|json)$/;

function servedFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => SERVED.test(name)) : [];
}

export function serveModels(dir: string): Plugin {
  let outDir = 'dist';
  let base = '/';
  return {
    name: 'dp-serve-models',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use(`${base}models`, (request, response, next) => {
        const name = decodeURIComponent((request.url ?? '').split('?')[0].replace(/^\//, ''));
        const file = path.join(dir, name);
        if (!SERVED.test(name) || !existsSync(file)) return next();
        response.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        response.setHeader('Content-Length', statSync(file).size);
        createReadStream(file).pipe(response);
      });
    },
    async writeBundle() {
      const files = servedFiles(dir);
      if (files.length === 0) return;
      mkdirSync(path.join(outDir, 'models'), { recursive: true });
      await Promise.all(files.map((name) => copyFile(path.join(dir, name), path.join(outDir, 'models', name))));
    },
  };
}
