// Step 5: run and cancel, with progress (denoiser calls done of planned, ETA) and the live x0-estimate.
import { cancelRun, runBlocker, startRun } from '../controller';
import { formatSeconds } from '../format';
import { useApp } from '../store';
import { Help } from './Help';
import { MessageLine } from './MessageLine';

export function RunSection() {
  const run = useApp((s) => s.run);
  const blocker = useApp(runBlocker);
  const running = run.status === 'running';
  const eta = run.msPerCall !== undefined ? Math.max(0, (run.nfeTotal - run.nfe) * run.msPerCall) : undefined;
  return (
    <section
      className="panel"
      aria-labelledby="run-heading"
      data-testid="run-section"
      data-status={run.status}
      data-started={run.startedAt}
      data-request={run.request}
    >
      <h2 id="run-heading">5. Run</h2>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="run"
          disabled={blocker !== undefined || running}
          onClick={startRun}
        >
          Run
        </button>
        <button type="button" data-testid="cancel" disabled={!running} onClick={cancelRun}>
          Cancel
        </button>
        <Help topic="run" />
      </div>
      {blocker && !running && <p className="hint">{blocker}</p>}
      {(running || run.nfe > 0) && (
        <div className="progress" aria-live="polite">
          <progress max={Math.max(1, run.nfeTotal)} value={run.nfe} data-testid="progress" />
          <p data-testid="progress-text">
            {run.nfe} / {run.nfeTotal} denoiser calls
            {running && eta !== undefined && ` · ETA ${formatSeconds(eta)}`}
            {running && run.stage && ` · ${run.stage}`}
          </p>
        </div>
      )}
      {run.message && (
        <MessageLine
          message={{ level: run.status === 'error' ? 'error' : 'info', text: run.message }}
          testId="run-message"
        />
      )}
    </section>
  );
}
