import { useLiveQuery } from 'dexie-react-hooks';
import { database } from '../../data/database';

/** Which of the project's stored adapters of `modelId` Evaluate scores ('' = the base model). */
export function AdapterPicker({
  modelId,
  value,
  onChange,
  disabled,
}: {
  modelId: string;
  value: string;
  onChange: (id: string) => void;
  disabled: boolean;
}) {
  const adapters = useLiveQuery(
    () => database.adapters.where('modelId').equals(modelId).reverse().sortBy('createdAt'),
    [modelId],
  );
  const known = !value || adapters === undefined || adapters.some((a) => a.id === value);
  return (
    <label>
      Adapter
      <select
        value={known ? value : ''}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        data-testid="eval-adapter"
      >
        <option value="">base (no adapter)</option>
        {adapters?.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  );
}
