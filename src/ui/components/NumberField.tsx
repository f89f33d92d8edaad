// A labelled slider with its value, for the numeric settings.
import { useId } from 'react';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  format?: (value: number) => string;
  onChange(value: number): void;
  testId?: string;
}

export function NumberField({ label, value, min, max, step, format, onChange, testId }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}: <output htmlFor={id}>{format ? format(value) : value}</output>
      </label>
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
