// The keyboard shortcut sheet (key ?), generated from the command registry the key handler uses.
import { useEffect, useRef } from 'react';
import { COMMANDS, chordLabel } from '../commands';
import { useApp } from '../store';

export function ShortcutSheet() {
  const open = useApp((s) => s.shortcutsOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && !element?.open) element?.showModal();
    if (!open && element?.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="sheet"
      aria-labelledby="shortcuts-heading"
      data-testid="shortcut-sheet"
      onClose={() => useApp.setState({ shortcutsOpen: false })}
    >
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {COMMANDS.map((command) => (
            <tr key={command.id} data-command={command.id}>
              <td>
                {command.chords.map((chord, i) => (
                  <span key={chordLabel(chord)}>
                    {i > 0 && ' or '}
                    <kbd>{chordLabel(chord)}</kbd>
                  </span>
                ))}
              </td>
              <td>{command.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Tab and Shift+Tab move between controls; Esc closes this list and the help boxes.</p>
      <button type="button" onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
