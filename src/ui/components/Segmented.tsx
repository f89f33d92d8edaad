/** A labelled group of radio buttons drawn as one segmented control (the chosen option highlighted). */
export function Segmented<T extends string | number>({
  label,
  name,
  options,
  value,
  onChange,
  format,
}: {
  label: string;
  name: string;
  options: readonly T[];
  value: T;
  onChange(option: T): void;
  format(option: T): string;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <label key={option} className={value === option ? 'selected' : ''}>
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
          {format(option)}
        </label>
      ))}
    </div>
  );
}
