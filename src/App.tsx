import { DegradationSection } from './ui/components/DegradationSection';
import { DpChart } from './ui/components/DpChart';
import { ErrorBoundary } from './ui/components/ErrorBoundary';
import { DiffusionInspector } from './ui/components/DiffusionInspector';
import { Header } from './ui/components/Header';
import { ImageSection } from './ui/components/ImageSection';
import { LessonSection } from './ui/components/LessonSection';
import { MethodSection } from './ui/components/MethodSection';
import { PageMessages } from './ui/components/PageMessages';
import { PriorSection } from './ui/components/PriorSection';
import { ResultSection } from './ui/components/ResultSection';
import { RunSection } from './ui/components/RunSection';
import { ShortcutSheet } from './ui/components/ShortcutSheet';
import { SidePanel } from './ui/components/SidePanel';
import { StageView } from './ui/components/StageView';
import { Tour } from './ui/components/Tour';
import { useApp } from './ui/store';
import { useShortcuts } from './ui/useShortcuts';

/** `?embed=1`: the result with its slider and the D-P chart, nothing else (slides, iframes). */
function EmbeddedApp({ teach }: { teach: boolean }) {
  return (
    <div className={`app embed ${teach ? 'teach' : ''}`} data-testid="app" data-teach={teach} data-embed="true">
      <PageMessages />
      <main className="embed-layout">
        <ErrorBoundary name="the result">
          <ResultSection />
        </ErrorBoundary>
        <ErrorBoundary name="the D-P chart">
          <DpChart />
        </ErrorBoundary>
      </main>
    </div>
  );
}

export function App() {
  useShortcuts();
  const teach = useApp((s) => s.teach);
  const embed = useApp((s) => s.embed);
  if (embed) return <EmbeddedApp teach={teach} />;
  return (
    <div className={teach ? 'app teach' : 'app'} data-testid="app" data-teach={teach}>
      <ErrorBoundary name="the header">
        <Header />
      </ErrorBoundary>
      <PageMessages />
      <main className="layout">
        <div className="controls">
          <ErrorBoundary name="the lessons">
            <LessonSection />
          </ErrorBoundary>
          <ErrorBoundary name="the Image panel">
            <ImageSection />
          </ErrorBoundary>
          <ErrorBoundary name="the Prior panel">
            <PriorSection />
          </ErrorBoundary>
          <ErrorBoundary name="the Degradation panel">
            <DegradationSection />
          </ErrorBoundary>
          <ErrorBoundary name="the Method panel">
            <MethodSection />
          </ErrorBoundary>
          <ErrorBoundary name="the Run panel">
            <RunSection />
          </ErrorBoundary>
        </div>
        <div className="stage">
          <ErrorBoundary name="the tour">
            <Tour />
          </ErrorBoundary>
          <ErrorBoundary name="the stage">
            <StageView />
          </ErrorBoundary>
          <ErrorBoundary name="the diffusion inspector">
            <DiffusionInspector />
          </ErrorBoundary>
        </div>
        <ErrorBoundary name="the side panel">
          <SidePanel />
        </ErrorBoundary>
      </main>
      <ShortcutSheet />
    </div>
  );
}
