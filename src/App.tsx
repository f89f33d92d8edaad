import { DegradationSection } from './ui/components/DegradationSection';
import { DpChart } from './ui/components/DpChart';
import { DiffusionInspector } from './ui/components/DiffusionInspector';
import { Header } from './ui/components/Header';
import { ImageSection } from './ui/components/ImageSection';
import { LessonSection } from './ui/components/LessonSection';
import { MethodSection } from './ui/components/MethodSection';
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
      <main className="embed-layout">
        <ResultSection />
        <DpChart />
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
      <Header />
      <main className="layout">
        <div className="controls">
          <LessonSection />
          <ImageSection />
          <PriorSection />
          <DegradationSection />
          <MethodSection />
          <RunSection />
        </div>
        <div className="stage">
          <Tour />
          <StageView />
          <DiffusionInspector />
        </div>
        <SidePanel />
      </main>
      <ShortcutSheet />
    </div>
  );
}
