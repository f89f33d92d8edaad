import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initCompare } from './ui/compare';
import { initApp } from './ui/controller';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
initApp();
initCompare();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
