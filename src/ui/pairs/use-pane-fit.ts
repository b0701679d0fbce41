import { useEffect, type RefObject } from 'react';

/**
 * Keeps the review pane inside the window beside the table: it sticks just below the sticky top
 * bar, and is never taller than the window from where it starts, so its decision bar (sticky at the
 * pane's bottom) is always on screen, however tall the top bar or the pane's content.
 */
export function usePaneFit(column: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const fit = () => {
      const holder = column.current;
      const box = holder?.querySelector<HTMLElement>('.review-pane');
      if (!holder || !box) return;
      if (getComputedStyle(holder).position !== 'sticky') {
        box.style.maxHeight = '';
        return;
      }
      const topbar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
      holder.style.top = `${Math.ceil(topbar) + 8}px`;
      const top = Math.max(box.getBoundingClientRect().top, 0);
      box.style.maxHeight = `${Math.floor(window.innerHeight - top - 8)}px`;
    };
    fit();
    window.addEventListener('resize', fit);
    window.addEventListener('scroll', fit, { passive: true });
    const observer = new ResizeObserver(fit);
    if (column.current) observer.observe(column.current);
    return () => {
      window.removeEventListener('resize', fit);
      window.removeEventListener('scroll', fit);
      observer.disconnect();
    };
  }, [column]);
}
