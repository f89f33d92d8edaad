// Share and export: the link that reproduces the view (every setting, the panels and the slider position), every
// computed point as CSV or JSON, the settings file for `npm run dp -- --settings`, the chart as SVG or PNG and,
// for the single run, the result as PNG.
import { useMemo, useState } from 'react';
import { experimentFile } from '../../app/experiment';
import { type PanelPoints, pointRows, pointsCsv, pointsJson } from '../../app/exportData';
import { initialKnobs, KNOB_GRID, type MethodId } from '../../app/methods';
import type { Settings } from '../../app/settings';
import { settingsToQuery } from '../../app/urlState';
import { createImage } from '../../core/tensor';
import { useCompare } from '../compare';
import { chartSvg, imagesPng, saveFile, saveText, svgPng } from '../exportFiles';
import { useApp } from '../store';
import { EXPORT_SCALE } from './CompareView';
import { Help } from './Help';

/** The methods on screen with their computed points: the comparison's panels, or the single run. */
function usePanelPoints(): PanelPoints[] {
  const method = useApp((s) => s.settings.method);
  const panels = useApp((s) => s.settings.compare.panels);
  const single = useApp((s) => s.run.points);
  const runs = useCompare((s) => s.panels);
  return useMemo(() => {
    if (panels.length === 0) return [{ method, points: Object.values(single) }];
    return panels.map((panel, i) => ({ method: panel, points: Object.values(runs[i]?.points ?? {}) }));
  }, [method, panels, single, runs]);
}

/** Knob values for the settings file: those computed on screen, else the first run's. */
function experimentKnobs(panels: readonly PanelPoints[]): number[] {
  const computed = new Set(panels.flatMap((p) => p.points.map((point) => point.knob)));
  const knobs =
    computed.size > 0 ? computed : new Set(panels.flatMap((p) => initialKnobs(p.method.method as MethodId)));
  return [...knobs].sort((a, b) => a - b);
}

function settingsFile(settings: Settings, panels: readonly PanelPoints[]): { text?: string; problem?: string } {
  try {
    return { text: experimentFile(settings, experimentKnobs(panels)) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

export function shareLink(settings: Settings): string {
  return `${window.location.origin}${window.location.pathname}?${settingsToQuery(settings)}`;
}

export function ShareExport() {
  const settings = useApp((s) => s.settings);
  const truth = useApp((s) => s.truth);
  const single = useApp((s) => s.run.points[KNOB_GRID[s.settings.slider]]);
  const panels = usePanelPoints();
  const [copied, setCopied] = useState<string>();
  const [embedded, setEmbedded] = useState(false);
  // The embedded view (?embed=1) shows the result, its slider and the chart only: for slides and iframes.
  const link = `${shareLink(settings)}${embedded ? '&embed=1' : ''}`;
  const iframe = `<iframe src="${link}" width="960" height="600" title="D-P playground: ${settings.prior}" style="border:0"></iframe>`;
  const comparing = settings.compare.panels.length > 0;
  const rows = useMemo(
    () => pointRows(panels, settings.seed, settings.degradation.kind),
    [panels, settings.seed, settings.degradation.kind],
  );
  const file = useMemo(() => settingsFile(settings, panels), [settings, panels]);
  const chart = () => {
    const testId = comparing ? 'compare-chart' : 'dp-chart';
    const surface = document.querySelector<SVGSVGElement>(`[data-testid=${testId}] svg.recharts-surface`);
    if (!surface) throw new Error('the chart is not drawn');
    // The entries of the legend on screen (curves, frontier, posterior-mean reference, slider ring).
    const legend = [...document.querySelectorAll<HTMLElement>(`[data-testid=${testId}-legend] li`)].flatMap((li) =>
      li.dataset.colour ? [{ name: li.dataset.name ?? '', colour: li.dataset.colour }] : [],
    );
    return chartSvg(surface, legend);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied('The browser did not allow copying: select the link and copy it.');
    }
  };
  return (
    <section className="panel keep-size" aria-labelledby="share-heading" data-testid="share-export">
      <div className="panel-head">
        <h2 id="share-heading">Share and export</h2>
        <Help topic="share" />
      </div>
      <div className="row">
        <button type="button" data-testid="copy-link" onClick={copy}>
          Copy link
        </button>
        <input
          className="share-link"
          readOnly
          value={link}
          aria-label="Link to this view"
          data-testid="share-link"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <label className="teach-toggle">
        <input
          type="checkbox"
          data-testid="share-embed"
          checked={embedded}
          onChange={(e) => setEmbedded(e.target.checked)}
        />{' '}
        Embed view: result, slider and chart only (slides, iframes)
      </label>
      {embedded && (
        <input
          className="share-link"
          readOnly
          value={iframe}
          aria-label="HTML to embed this view in a page"
          data-testid="share-iframe"
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      {copied && (
        <p className="hint" role="status">
          {copied}
        </p>
      )}
      {settings.image.kind === 'upload' && (
        <p className="hint" data-testid="share-upload-note">
          The link names the uploaded image ({settings.image.name}) but cannot carry it: whoever opens the link must
          upload it again to reproduce the run.
        </p>
      )}
      <div className="row">
        <button
          type="button"
          data-testid="export-csv"
          disabled={rows.length === 0}
          onClick={() => saveText('dp-points.csv', pointsCsv(rows), 'text/csv')}
        >
          Points CSV
        </button>
        <button
          type="button"
          data-testid="export-json"
          disabled={rows.length === 0}
          onClick={() => saveText('dp-points.json', pointsJson(rows, settingsToQuery(settings)), 'application/json')}
        >
          Points JSON
        </button>
        <button
          type="button"
          data-testid="export-settings"
          disabled={!file.text}
          title={file.problem ? `Not available: ${file.problem}` : 'For npm run dp -- --settings FILE'}
          onClick={() => file.text && saveText('dp-experiment.json', file.text, 'application/json')}
        >
          Settings for the CLI
        </button>
        <button
          type="button"
          data-testid="export-chart-svg"
          onClick={() => saveText('dp-chart.svg', chart(), 'image/svg+xml')}
        >
          Chart SVG
        </button>
        <button
          type="button"
          data-testid="export-chart-png"
          onClick={async () => saveFile('dp-chart.png', await svgPng(chart()))}
        >
          Chart PNG
        </button>
        {!comparing && (
          <button
            type="button"
            data-testid="export-result-png"
            disabled={!single || !truth}
            onClick={async () =>
              single &&
              truth &&
              saveFile(
                `result-${settings.method.method}-${single.knob}.png`,
                await imagesPng(
                  [{ image: createImage(truth, single.image), label: single.label || 'result' }],
                  EXPORT_SCALE,
                ),
              )
            }
          >
            Result PNG
          </button>
        )}
      </div>
      {file.problem && <p className="hint">Settings file: {file.problem}.</p>}
    </section>
  );
}
