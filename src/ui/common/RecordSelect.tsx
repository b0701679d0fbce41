/** Picks one of a list of stored records (runs, evaluations) by id, each option labelled by `describe`. */
export function RecordSelect<T extends { id: string }>({
  label,
  records,
  value,
  onSelect,
  describe,
  testId,
}: {
  label: string;
  records: readonly T[];
  value: string | undefined;
  onSelect: (id: string) => void;
  describe: (record: T) => string;
  testId?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onSelect(e.target.value)} data-testid={testId}>
        {records.map((record) => (
          <option key={record.id} value={record.id}>
            {describe(record)}
          </option>
        ))}
      </select>
    </label>
  );
}
