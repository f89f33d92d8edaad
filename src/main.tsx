import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './ui/components/ErrorBoundary';
import { initCompare } from './ui/compare';
import { initApp } from './ui/controller';
import { initFirstScreen } from './ui/firstScreen';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
initApp();
initCompare();
initFirstScreen();
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary name="the app">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
