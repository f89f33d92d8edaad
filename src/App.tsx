import { DegradationSection } from './ui/components/DegradationSection';
import { DiffusionInspector } from './ui/components/DiffusionInspector';
import { Header } from './ui/components/Header';
import { ImageSection } from './ui/components/ImageSection';
import { LessonSection } from './ui/components/LessonSection';
import { MethodSection } from './ui/components/MethodSection';
import { PriorSection } from './ui/components/PriorSection';
import { RunSection } from './ui/components/RunSection';
import { ShortcutSheet } from './ui/components/ShortcutSheet';
import { SidePanel } from './ui/components/SidePanel';
import { StageView } from './ui/components/StageView';
import { Tour } from './ui/components/Tour';
import { useApp } from './ui/store';
import { useShortcuts } from './ui/useShortcuts';

export function App() {
  useShortcuts();
  const teach = useApp((s) => s.teach);
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
