import { DegradationSection } from './ui/components/DegradationSection';
import { DpChart } from './ui/components/DpChart';
import { Header } from './ui/components/Header';
import { ImageSection } from './ui/components/ImageSection';
import { MethodSection } from './ui/components/MethodSection';
import { PriorSection } from './ui/components/PriorSection';
import { ResultSection } from './ui/components/ResultSection';
import { RunSection } from './ui/components/RunSection';
import { SidePanel } from './ui/components/SidePanel';

export function App() {
  return (
    <div className="app">
      <Header />
      <main className="layout">
        <div className="controls">
          <ImageSection />
          <PriorSection />
          <DegradationSection />
          <MethodSection />
          <RunSection />
        </div>
        <div className="stage">
          <ResultSection />
          <DpChart />
        </div>
        <SidePanel />
      </main>
    </div>
  );
}
