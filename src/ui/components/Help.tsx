// A "?" button beside a control that opens its explanation and formula (a native popover: Esc and a click outside
// close it; no positioning code).
import { useId } from 'react';
import { HELP, type HelpTopic } from '../help';

export function Help({ topic }: { topic: HelpTopic }) {
  const id = `help-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { title, text, formula } = HELP[topic];
  return (
    <>
      <button type="button" className="help" popoverTarget={id} aria-label={`Help: ${title}`} data-help={topic}>
        ?
      </button>
      <div id={id} popover="auto" className="help-popover" role="dialog" aria-label={`${title}: help`}>
        <strong>{title}</strong>
        <p>{text}</p>
        <p className="formula">{formula}</p>
      </div>
    </>
  );
}
