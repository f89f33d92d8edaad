// The comparison's panel settings and the keyboard in compare mode (store only, no worker).
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_PANELS } from '../../src/app/settings';
import { commandFor } from '../../src/ui/commands';
import { addPanel, removePanel, setComparing, setCompareView } from '../../src/ui/compare';
import { IDLE_RUN, useApp } from '../../src/ui/store';

const panels = () => useApp.getState().settings.compare.panels;
const key = (k: string) => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false });

beforeEach(() => {
  useApp.setState({ settings: structuredClone(DEFAULT_SETTINGS), run: IDLE_RUN });
});

describe('comparison panels', () => {
  it('start with the current method and the next curve method, with its preset', () => {
    useApp.setState({ settings: { ...DEFAULT_SETTINGS, method: { method: 'ccdf', preset: 'paper' } } });
    setComparing(true);
    expect(panels()).toEqual([
      { method: 'ccdf', preset: 'paper' },
      { method: 'interpolation', preset: 'paper' },
    ]);
    setComparing(false);
    expect(panels()).toEqual([]);
  });

  it(`add up to ${MAX_PANELS} panels and keep at least 2`, () => {
    setComparing(true);
    for (let i = 0; i < 5; i++) addPanel();
    expect(panels().map((p) => p.method)).toEqual(['map-rps', 'ccdf', 'interpolation', 'averaging']);
    for (let i = 0; i < 5; i++) removePanel(0);
    expect(panels().map((p) => p.method)).toEqual(['interpolation', 'averaging']);
  });

  it('keep the wipe and strip on the same panels when an earlier one is removed', () => {
    setComparing(true);
    addPanel();
    addPanel();
    setCompareView({ wipeLeft: 3, wipeRight: 1, strip: 2 });
    removePanel(1);
    const { compare } = useApp.getState().settings;
    expect(compare.panels.map((p) => p.method)).toEqual(['map-rps', 'interpolation', 'averaging']);
    // wipeRight showed the removed panel: it falls back to panel 2 (index 1).
    expect(compare).toMatchObject({ wipeLeft: 2, wipeRight: 1, strip: 1 });
  });
});

describe('keyboard in compare mode', () => {
  it('→ and End move the shared slider and queue nothing for the single run', () => {
    setComparing(true);
    // A single run in progress would queue a new slider position; in compare mode the keys leave it alone.
    useApp.setState({ run: { ...IDLE_RUN, status: 'running' } });
    commandFor(key('ArrowRight'))?.run();
    expect(useApp.getState().settings.slider).toBe(1);
    commandFor(key('End'))?.run();
    expect(useApp.getState().settings.slider).toBe(10);
    expect(useApp.getState().run.pending).toEqual([]);
  });
});
