// A labelled slider with its value, for the numeric settings.
import { useId } from 'react';
import type { HelpTopic } from '../help';
import { Help } from './Help';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  format?: (value: number) => string;
  onChange(value: number): void;
  testId?: string;
  help?: HelpTopic;
}

export function NumberField({ label, value, min, max, step, format, onChange, testId, help }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}: <output htmlFor={id}>{format ? format(value) : value}</output>
      </label>
      {help && <Help topic={help} />}
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(Number(event.target.value))}
      />
    </div>
  );
}
