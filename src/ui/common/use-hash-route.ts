import { useEffect, useState } from 'react';

export const views = ['model', 'images', 'explore', 'methods', 'pairs', 'train', 'evaluate', 'round'] as const;
export type View = (typeof views)[number];

function currentView(): View {
  const name = window.location.hash.replace(/^#\/?/, '').split('?')[0];
  return (views as readonly string[]).includes(name) ? (name as View) : 'explore';
}

/** The view lives in the URL hash (#/explore), so a reload or a shared link opens the same view. */
export function useHashRoute(): View {
  const [view, setView] = useState<View>(currentView);
  useEffect(() => {
    const onChange = () => setView(currentView());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return view;
}
