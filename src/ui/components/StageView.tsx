// The stage: the single run (result, slider, chart) or the side-by-side comparison, with sharing and export below.
import { setComparing } from '../compare';
import { useApp } from '../store';
import { CompareView } from './CompareView';
import { DpChart } from './DpChart';
import { ResultSection } from './ResultSection';
import { ShareExport } from './ShareExport';
import './stage.css';

export function StageView() {
  const comparing = useApp((s) => s.settings.compare.panels.length > 0);
  return (
    <>
      <div className="segmented stage-switch keep-size" role="radiogroup" aria-label="View">
        {[
          { on: false, label: 'One method' },
          { on: true, label: 'Compare schedules' },
        ].map(({ on, label }) => (
          <label key={label} className={comparing === on ? 'selected' : ''}>
            <input
              type="radio"
              name="stage-view"
              data-testid={on ? 'view-compare' : 'view-single'}
              checked={comparing === on}
              onChange={() => setComparing(on)}
            />
            {label}
          </label>
        ))}
      </div>
      {comparing ? (
        <CompareView />
      ) : (
        <>
          <ResultSection />
          <DpChart />
        </>
      )}
      <ShareExport />
    </>
  );
}
