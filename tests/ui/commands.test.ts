// The keyboard command registry: one chord does one thing, chords match exactly, and the commands act on the store.
import { describe, expect, it } from 'vitest';
import { KNOB_GRID } from '../../src/app/methods';
import { chordLabel, chordMatches, COMMANDS, commandFor, type KeyPress } from '../../src/ui/commands';
import { BRUSH_RADIUS } from '../../src/ui/controller';
import { useApp } from '../../src/ui/store';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('command registry', () => {
  it('gives every key combination to one command at most', () => {
    const probes = [
      press('ArrowLeft'),
      press('ArrowLeft', { shiftKey: true }),
      press('ArrowRight'),
      press('ArrowRight', { shiftKey: true }),
      press(' '),
      press('z', { ctrlKey: true }),
      press('Z', { ctrlKey: true, shiftKey: true }),
      press('y', { ctrlKey: true }),
      press('?', { shiftKey: true }),
      press('['),
      press(']'),
      press('t'),
      press('Home'),
      press('End'),
    ];
    for (const probe of probes) {
      const matching = COMMANDS.filter((c) => c.chords.some((chord) => chordMatches(chord, probe)));
      expect(matching, JSON.stringify(probe)).toHaveLength(1);
    }
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
  });

  it('matches modifiers exactly (⌘ counts as Ctrl; Alt never matches)', () => {
    expect(commandFor(press('ArrowRight'))?.id).toBe('slider-forward');
    expect(commandFor(press('ArrowRight', { shiftKey: true }))?.id).toBe('slider-forward-coarse');
    expect(commandFor(press('z', { metaKey: true }))?.id).toBe('undo');
    expect(commandFor(press('Z', { ctrlKey: true, shiftKey: true }))?.id).toBe('redo');
    expect(commandFor(press('z'))).toBeUndefined();
    expect(commandFor(press('ArrowRight', { altKey: true }))).toBeUndefined();
    expect(commandFor(press('t', { ctrlKey: true }))).toBeUndefined();
  });

  it('labels chords for the sheet', () => {
    expect(chordLabel({ key: 'ArrowRight', shift: true })).toBe('Shift+→');
    expect(chordLabel({ key: 'z', ctrl: true, shift: false })).toBe('Ctrl+Z');
    expect(chordLabel({ key: ' ' })).toBe('Space');
    expect(chordLabel({ key: 'Home' })).toBe('Home');
  });

  it('moves the slider by one and by coarse steps, within the grid', () => {
    useApp.setState((s) => ({ settings: { ...s.settings, slider: 3 } }));
    commandFor(press('ArrowRight', { shiftKey: true }))?.run();
    expect(useApp.getState().settings.slider).toBe(5);
    commandFor(press('ArrowLeft'))?.run();
    expect(useApp.getState().settings.slider).toBe(4);
    commandFor(press('End'))?.run();
    commandFor(press('ArrowRight', { shiftKey: true }))?.run();
    expect(useApp.getState().settings.slider).toBe(KNOB_GRID.length - 1);
  });

  it('changes the brush radius within its limits and toggles teacher mode', () => {
    useApp.setState({ brushRadius: BRUSH_RADIUS.max - 1 });
    commandFor(press(']'))?.run();
    commandFor(press(']'))?.run();
    expect(useApp.getState().brushRadius).toBe(BRUSH_RADIUS.max);
    commandFor(press('['))?.run();
    expect(useApp.getState().brushRadius).toBe(BRUSH_RADIUS.max - 1);
    const before = useApp.getState().teach;
    commandFor(press('t'))?.run();
    expect(useApp.getState().teach).toBe(!before);
  });

  it('undoes and redoes mask edits', () => {
    const mask = (v: number) => new Uint8Array(4).fill(v);
    useApp.setState({ brush: mask(0), brushUndo: [], brushRedo: [] });
    useApp.setState({ brushUndo: [mask(0)], brush: mask(1) });
    commandFor(press('z', { ctrlKey: true }))?.run();
    expect([...(useApp.getState().brush ?? [])]).toEqual([0, 0, 0, 0]);
    commandFor(press('y', { ctrlKey: true }))?.run();
    expect([...(useApp.getState().brush ?? [])]).toEqual([1, 1, 1, 1]);
    commandFor(press('y', { ctrlKey: true }))?.run();
    expect([...(useApp.getState().brush ?? [])]).toEqual([1, 1, 1, 1]);
  });
});
