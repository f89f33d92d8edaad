// Controls a lesson does not need: hidden in teacher mode.
import type { ReactNode } from 'react';
import { useApp } from '../store';

export function Advanced({ children }: { children: ReactNode }) {
  return useApp((s) => s.teach) ? null : children;
}
