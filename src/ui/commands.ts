// The keyboard commands: ONE table that both the key handler and the shortcut sheet read, so the sheet always lists
// exactly what the keys do.
import { KNOB_GRID } from '../app/methods';
import { moveSliderTo, toggleRun } from './compare';
import { changeBrushRadius, redoBrush, toggleTeacherMode, undoBrush } from './controller';
import { useApp } from './store';

/** One key combination; `shift` absent = either (e.g. `?` needs Shift on most layouts); `ctrl` = Ctrl or ⌘. */
export interface Chord {
  key: string;
  shift?: boolean;
  ctrl?: boolean;
}

export interface Command {
  id: string;
  chords: Chord[];
  description: string;
  run(): void;
}

/** Shift+←/→ moves two points: between the positions the first run computes (every other one). */
export const COARSE_STEP = 2;

const moveSlider = (delta: number) => () => moveSliderTo(useApp.getState().settings.slider + delta);

export const COMMANDS: readonly Command[] = [
  {
    id: 'slider-back',
    chords: [{ key: 'ArrowLeft', shift: false }],
    description: 'Slider one point towards distortion (MAP)',
    run: moveSlider(-1),
  },
  {
    id: 'slider-forward',
    chords: [{ key: 'ArrowRight', shift: false }],
    description: 'Slider one point towards perception (samples)',
    run: moveSlider(1),
  },
  {
    id: 'slider-back-coarse',
    chords: [{ key: 'ArrowLeft', shift: true }],
    description: `Slider ${COARSE_STEP} points towards distortion`,
    run: moveSlider(-COARSE_STEP),
  },
  {
    id: 'slider-forward-coarse',
    chords: [{ key: 'ArrowRight', shift: true }],
    description: `Slider ${COARSE_STEP} points towards perception`,
    run: moveSlider(COARSE_STEP),
  },
  {
    id: 'slider-start',
    chords: [{ key: 'Home' }],
    description: 'Slider to the distortion end',
    run: () => moveSliderTo(0),
  },
  {
    id: 'slider-end',
    chords: [{ key: 'End' }],
    description: 'Slider to the perception end',
    run: () => moveSliderTo(KNOB_GRID.length - 1),
  },
  {
    id: 'run',
    chords: [{ key: ' ' }],
    description: 'Run, or stop the run in progress',
    run: toggleRun,
  },
  { id: 'brush-smaller', chords: [{ key: '[' }], description: 'Smaller mask brush', run: () => changeBrushRadius(-1) },
  { id: 'brush-larger', chords: [{ key: ']' }], description: 'Larger mask brush', run: () => changeBrushRadius(1) },
  { id: 'undo', chords: [{ key: 'z', ctrl: true, shift: false }], description: 'Undo a mask edit', run: undoBrush },
  {
    id: 'redo',
    chords: [
      { key: 'y', ctrl: true },
      { key: 'z', ctrl: true, shift: true },
    ],
    description: 'Redo a mask edit',
    run: redoBrush,
  },
  { id: 'teacher', chords: [{ key: 't' }], description: 'Teacher mode on / off', run: toggleTeacherMode },
  {
    id: 'shortcuts',
    chords: [{ key: '?' }],
    description: 'Show this list of shortcuts',
    run: () => useApp.setState({ shortcutsOpen: true }),
  },
];

const KEY_NAMES: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ' ': 'Space' };

/** How the sheet writes a chord ("Shift+→", "Ctrl+Z"). */
export function chordLabel(chord: Chord): string {
  const key = KEY_NAMES[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key);
  return `${chord.ctrl ? 'Ctrl+' : ''}${chord.shift ? 'Shift+' : ''}${key}`;
}

/** The subset of a keyboard event a chord is matched against. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

export function chordMatches(chord: Chord, event: KeyPress): boolean {
  return (
    event.key.toLowerCase() === chord.key.toLowerCase() &&
    !event.altKey &&
    (event.ctrlKey || event.metaKey) === (chord.ctrl ?? false) &&
    (chord.shift === undefined || event.shiftKey === chord.shift)
  );
}

export function commandFor(event: KeyPress): Command | undefined {
  return COMMANDS.find((command) => command.chords.some((chord) => chordMatches(chord, event)));
}
