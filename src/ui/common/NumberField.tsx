/** A labelled number input; the caller turns the typed text into its value (clamped, rounded, defaulted). */
export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  disabled,
  title,
  testId,
}: {
  label: string;
  value: number | undefined;
  onChange: (text: string) => void;
  min?: number;
  max?: number;
  step?: number | string;
  disabled?: boolean;
  title?: string;
  testId?: string;
}) {
  return (
    <label title={title}>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        data-testid={testId}
      />
    </label>
  );
}
