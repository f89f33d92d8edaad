// The one key handler: looks the key up in the command registry (commands.ts) unless the focused control uses the
// key itself (typing in a field, a slider's or radio group's own arrows, Space on a button).
import { useEffect } from 'react';
import { commandFor, type KeyPress } from './commands';

const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'url', 'password', 'tel']);
const NAVIGATION_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);
const PRESS_KEYS = new Set([' ', 'Enter']);
/** The ids of the D-P sliders: the single run's (ResultSection) and the comparison's shared one (CompareView). */
const DP_SLIDER_IDS = new Set(['dp-slider', 'compare-slider']);

export function focusUsesKey(target: EventTarget | null, event: KeyPress): boolean {
  const { key } = event;
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog')) return true;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    return true;
  }
  if (target instanceof HTMLInputElement) {
    if (TEXT_INPUTS.has(target.type)) return true;
    // A D-P slider's own arrows step one point like the registry's (and fire its input event); Shift+arrows,
    // which a range input treats as plain arrows, are the registry's coarse steps.
    if (target.type === 'range') return NAVIGATION_KEYS.has(key) && !(DP_SLIDER_IDS.has(target.id) && event.shiftKey);
    if (target.type === 'radio') return NAVIGATION_KEYS.has(key) || PRESS_KEYS.has(key);
    return PRESS_KEYS.has(key);
  }
  return target.matches('button, summary, a[href], [role=button]') && PRESS_KEYS.has(key);
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = commandFor(event);
      if (!command || focusUsesKey(event.target, event)) return;
      event.preventDefault();
      command.run();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
