import { useEffect, useRef, useState } from 'react';
import { pairColumns } from '../../data/pairs/pair-columns';
import type { StoredPair } from '../../data/records';
import { reviewStatusOf } from '../../data/pairs/pair-records';
import { methodName } from '../../data/labels';

const ROW_HEIGHT = 30;
const OVERSCAN = 8;
const format = (x: number | undefined) => (x === undefined ? '' : x.toFixed(3));

/** The pairs as a virtualized table: only the rows in view (and a few around them) are in the page. */
export function PairTable({
  pairs,
  selectedId,
  onSelect,
}: {
  pairs: readonly StoredPair[];
  selectedId?: string;
  onSelect: (id: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);
  useEffect(() => {
    const element = scroller.current!;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  // Keep the selected row in view when the keyboard moves the selection.
  useEffect(() => {
    const index = pairs.findIndex((pair) => pair.id === selectedId);
    const element = scroller.current;
    if (index < 0 || !element) return;
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight)
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
  }, [selectedId, pairs]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(pairs.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div className="review-table" data-testid="review-table">
      <div className="review-row review-head">
        <span>method</span>
        <span>status</span>
        <span>verdict</span>
        <span>chosen / rejected score</span>
        <span>margin</span>
        <span>chosen answer</span>
      </div>
      <div
        className="review-scroller"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="review-scroller"
      >
        <div style={{ height: pairs.length * ROW_HEIGHT, position: 'relative' }}>
          {pairs.slice(first, last).map((pair, i) => {
            const columns = pairColumns(pair);
            const status = reviewStatusOf(pair);
            return (
              <div
                key={pair.id}
                className={`review-row ${pair.id === selectedId ? 'selected' : ''}`}
                style={{ top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
                onClick={() => onSelect(pair.id)}
                data-testid="review-row"
                data-pair-id={pair.id}
                data-status={status}
              >
                <span>{methodName(pair.method)}</span>
                <span className={`status status-${status}`}>{status}</span>
                <span>{columns.verdict}</span>
                <span>
                  {columns.chosenScore !== undefined &&
                    `${format(columns.chosenScore)} / ${format(columns.rejectedScore)}`}
                </span>
                <span>{format(columns.margin)}</span>
                <span className="ellipsis">{pair.review?.editedChosen ?? pair.chosen}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
