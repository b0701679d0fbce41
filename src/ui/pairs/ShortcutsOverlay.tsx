export const SHORTCUTS: [string, string][] = [
  ['1', "the left answer (the method's chosen) is better"],
  ['2', 'the right answer is better (swap)'],
  ['T', 'tie'],
  ['B', 'both bad'],
  ['S', 'skip'],
  ['E', 'edit the answers (Esc leaves the editor)'],
  ['Enter', 'store the decision and go to the next pair'],
  ['← →', 'previous / next pair'],
  ['Ctrl+Z', 'undo the last decision'],
  ['?', 'show or hide this list'],
];

export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="overlay" role="dialog" aria-label="Keyboard shortcuts" onClick={onClose} data-testid="shortcuts">
      <div className="card" onClick={(e) => e.stopPropagation()}>
        <h3>Keyboard shortcuts</h3>
        <table>
          <tbody>
            {SHORTCUTS.map(([key, what]) => (
              <tr key={key}>
                <td>
                  <kbd>{key}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
