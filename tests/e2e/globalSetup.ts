// Once per E2E run: build the app, serve the build on 127.0.0.1 twice (with every header a host should send, COOP/COEP
// of cross-origin isolation included, and without any) and start one headless system Chromium that every test file connects to.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './staticServer';

export interface E2eContext {
  /** Origin that sends COOP/COEP (threads available). */
  isolated: string;
  /** Origin of a plain static host (no isolation: single-threaded WASM). */
  plain: string;
  wsEndpoint: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

export const BUILD_DIR = path.resolve('test-output/e2e-dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default async function setup(project: TestProject) {
  await build({ logLevel: 'warn', build: { outDir: BUILD_DIR, emptyOutDir: true } });
  if (!existsSync(path.join(BUILD_DIR, 'models', 'fashion32.onnx'))) {
    throw new Error('the build has no models/fashion32.onnx: the browser tests need the fashion32 model in models/');
  }
  const isolated = await serveStatic(BUILD_DIR, true, { hostHeaders: true });
  const plain = await serveStatic(BUILD_DIR, false);
  const browser = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    // Resolve performance.measureUserAgentSpecificMemory() at once instead of at the next garbage collection.
    args: ['--enable-blink-features=ForceEagerMeasureMemory'],
  });
  project.provide('e2e', { isolated: isolated.origin, plain: plain.origin, wsEndpoint: browser.wsEndpoint() });
  return async () => {
    await browser.close();
    await Promise.all([isolated.close(), plain.close()]);
  };
}
