// The first screen computes without a click: as soon as Run is possible after the page opens (the default settings
// or a shared link's), the run starts (or the comparison's panels run). Until its points arrive the bundled
// precomputed run of the same settings is shown, marked as such. `run=0` in the query opens without computing.
import { parsePrecomputed } from '../app/precomputed';
import { runCompare } from './compare';
import { runWhenReady, startRun } from './controller';
import { useApp } from './store';

const assetUrl = (path: string) => new URL(`${import.meta.env.BASE_URL}${path}`, document.baseURI).href;

async function loadPrecomputed(): Promise<void> {
  try {
    const response = await fetch(assetUrl('precomputed/first-screen.json'));
    if (!response.ok) return;
    const precomputed = parsePrecomputed(await response.json());
    if (precomputed) useApp.setState({ precomputed });
  } catch {
    // No preview: the live run still comes.
  }
}

export function initFirstScreen(): void {
  void loadPrecomputed();
  if (new URLSearchParams(window.location.search).get('run') === '0') return;
  runWhenReady(() => (useApp.getState().settings.compare.panels.length > 0 ? runCompare() : startRun()));
}
