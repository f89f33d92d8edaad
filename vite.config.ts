import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { contentSecurityPolicy } from './src/build/contentSecurityPolicy';
import { devServerHeaders, staticHostHeaders } from './src/build/securityHeaders';
import { serveModels } from './src/build/serveModels';

// The headers a static host should send (src/build/securityHeaders.ts): CSP with frame-ancestors, nosniff, and
// cross-origin isolation (COOP + COEP: SharedArrayBuffer, hence multi-threaded WASM in onnxruntime-web).
// DP_FRAME_ANCESTORS lists other origins that may frame the app (e.g. a slide host for embed=1).
const embedders = process.env.DP_FRAME_ANCESTORS;

// The trained denoisers; DP_MODELS_DIR points elsewhere (e.g. a fresh export) without touching models/.
const modelsDir = process.env.DP_MODELS_DIR ?? 'models';

export default defineConfig({
  plugins: [react(), serveModels(modelsDir), contentSecurityPolicy()],
  server: { host: '127.0.0.1', headers: devServerHeaders(embedders) },
  preview: { host: '127.0.0.1', headers: staticHostHeaders(embedders) },
  worker: { format: 'es' },
  // onnxruntime-web finds its .wasm relative to its own module: keep it out of the dev pre-bundling.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  test: {
    environment: 'node',
    maxWorkers: 2,
    projects: [
      {
        // Unit tests include real metric and model computations (patch-SWD pyramids, face descriptors, ONNX runs):
        // vitest's 5 s default fails them on a loaded 2-core machine, so the limit is a minute.
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**'], testTimeout: 60_000 },
      },
      {
        // Browser tests: build once, serve dist/ on 127.0.0.1, drive the system Chromium (tests/e2e/globalSetup.ts).
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
