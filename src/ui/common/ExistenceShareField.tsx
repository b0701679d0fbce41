import { NumberField } from './NumberField';

/** The share of pool scenes a method run asks an existence question instead of the description (methods/items.ts). */
export function ExistenceShareField({
  value,
  onChange,
  disabled,
  testId,
}: {
  value: number | undefined;
  onChange: (share: number) => void;
  disabled?: boolean;
  testId: string;
}) {
  return (
    <NumberField
      label="Existence questions (share)"
      title="This share of the scenes is asked a POPE-style question (“Is there a red circle in the image?”, about one of its objects or an absent one, the absent partner of a present object where there is one) instead of the description, so the pairs teach yes/no answers too."
      min={0}
      max={1}
      step={0.05}
      value={value ?? 0}
      onChange={(text) => {
        const share = Number(text);
        if (text !== '' && share >= 0 && share <= 1) onChange(share);
      }}
      disabled={disabled}
      testId={testId}
    />
  );
}
