import { useEffect } from 'react';
import type { ReviewStatus } from '../../data/pairs/pair-records';
import type { StoredPair } from '../../data/records';
import { useReviewStore } from '../../state/review-store';
import { isTyping } from '../common/keyboard';
import { focusPair, showPair, submitDraft, undoLast } from './review-actions';

const decisionKeys: Record<string, ReviewStatus> = {
  '1': 'accepted',
  '2': 'swapped',
  t: 'tie',
  b: 'both-bad',
  s: 'skipped',
};

/** The review keys over the listed pairs: decisions, E to edit, Enter to store, ← / → to move, Ctrl+Z, ?, Escape. */
export function usePairShortcuts(visible: StoredPair[]) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = useReviewStore.getState();
      if (event.key === 'Escape') {
        state.toggleHelp(false);
        state.setEditing(undefined);
        (document.activeElement as HTMLElement | null)?.blur();
        return;
      }
      // Enter in the rationale field stores the decision too; elsewhere typing is typing.
      if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'text') {
        event.preventDefault();
        focusPair();
        void submitDraft(visible);
        return;
      }
      if (isTyping(event.target)) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const move = (step: number) => {
        const at = visible.findIndex((pair) => pair.id === state.selectedId);
        const next = visible[Math.min(visible.length - 1, Math.max(0, at + step))];
        if (next) showPair(next);
      };
      if ((event.ctrlKey || event.metaKey) && key === 'z') void undoLast();
      else if (event.ctrlKey || event.metaKey || event.altKey) return;
      else if (decisionKeys[key]) state.setDraft({ status: decisionKeys[key] });
      else if (key === 'e') state.setEditing('chosen');
      else if (key === 'Enter') void submitDraft(visible);
      else if (key === 'ArrowRight') move(1);
      else if (key === 'ArrowLeft') move(-1);
      else if (key === '?') state.toggleHelp();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible]);
}
