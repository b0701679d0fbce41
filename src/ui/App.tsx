import { useEffect } from 'react';
import { EvaluateView } from './evaluate/EvaluateView';
import { ExploreView } from './explore/ExploreView';
import { ImagesView } from './images/ImagesView';
import { markInterruptedMethodRuns } from './methods/methods-action';
import { MethodsView } from './methods/MethodsView';
import { ModelPanel } from './model/ModelPanel';
import { ModelBadge } from './model/ModelBadge';
import { PairsView } from './pairs/PairsView';
import { ProjectBar } from './project/ProjectBar';
import { resumeInterruptedRound } from './round/round-action';
import { RoundView } from './round/RoundView';
import { TrainView } from './train/TrainView';
import { resumeInterruptedRuns } from './train/train-action';
import { useHashRoute, views, type View } from './common/use-hash-route';

const titles: Record<View, string> = {
  model: 'Model',
  images: 'Images',
  explore: 'Explore',
  methods: 'Methods',
  pairs: 'Pairs',
  train: 'Train',
  evaluate: 'Evaluate',
  round: 'Round',
};

export function App() {
  const view = useHashRoute();
  // A run that was training when the page went away continues from its last checkpoint.
  useEffect(() => void resumeInterruptedRuns(), []);
  // A method run cut off by a reload keeps the pairs it stored; it is marked, and Methods offers to resume it.
  useEffect(() => void markInterruptedMethodRuns(), []);
  // A round run cut off by a reload continues at the stage it was in.
  useEffect(() => void resumeInterruptedRound(), []);
  return (
    <div className="app">
      <header className="topbar">
        <h1>SelfAlign</h1>
        <nav>
          {views.map((name) => (
            <a key={name} href={`#/${name}`} className={name === view ? 'active' : ''} data-testid={`nav-${name}`}>
              {titles[name]}
            </a>
          ))}
        </nav>
        <ModelBadge />
      </header>
      <ProjectBar />
      <main>
        {view === 'model' && <ModelPanel />}
        {view === 'images' && <ImagesView />}
        {view === 'explore' && <ExploreView />}
        {view === 'methods' && <MethodsView />}
        {view === 'pairs' && <PairsView />}
        {view === 'train' && <TrainView />}
        {view === 'evaluate' && <EvaluateView />}
        {view === 'round' && <RoundView />}
      </main>
    </div>
  );
}
