/**
 * Dev-only demo of ControllerView and PopulationView with realistic fake props (not part of the
 * build: Vite builds index.html only). Serve with `npx vite` and open
 * /src/ui/demo/search-views.html; `?theme=dark` or `?theme=light` overrides the OS scheme.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { buildTokenSpec } from '../../nas/reinforce';
import { stepRows } from '../charts/controllerData';
import { ControllerView, type ControllerViewProps } from '../strategies/reinforce/ControllerView';
import { Panel } from '../components/Panel';
import { PopulationView, type PopulationViewProps } from '../strategies/evolution/PopulationView';
import '../../charts/charts.css';
import '../app.css';

const theme =
  new URLSearchParams(location.search).get('theme') ??
  (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
document.documentElement.setAttribute('data-theme', theme);

let seed = 11;
function rand(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const gauss = () => (rand() + rand() + rand() + rand() - 2) / 1.15;

// ---------- controller: 6 layers with strides and skips, 45 steps ----------

const spec = buildTokenSpec({
  layers: 6,
  filterSizes: [1, 3, 5, 7],
  filterCounts: [24, 36, 48, 64],
  strides: [1, 2],
  skips: true,
});
const steps = stepRows(spec);

function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function distributions(sharpness: number): number[][] {
  return steps.map((row) => softmax(row.labels.map(() => gauss() * sharpness)));
}

function sample(probabilities: number[][]): number[] {
  return probabilities.map((p) => {
    let r = rand();
    for (let i = 0; i < p.length; i++) if ((r -= p[i]!) <= 0) return i;
    return p.length - 1;
  });
}

function controllerProps(updates: number): ControllerViewProps {
  const previous = distributions(1.2);
  const probabilities = previous.map((p) => softmax(p.map((x) => Math.log(x) + gauss() * 0.15)));
  const history: { baseline: number; reward: number }[] = [];
  let baseline = 0;
  for (let i = 0; i < updates; i++) {
    const reward = Math.min(0.99, 0.55 + 0.3 * (1 - Math.exp(-i / 40)) + gauss() * 0.07);
    baseline = 0.95 * baseline + 0.05 * reward;
    history.push({ baseline, reward });
  }
  const last = history.at(-1)!;
  return {
    steps,
    probabilities,
    previous,
    tokens: sample(probabilities),
    baseline: last.baseline,
    advantage: last.reward - last.baseline,
    loss: -(-21.3 * (last.reward - last.baseline)),
    updates,
    history,
  };
}

// ---------- population ----------

const NETS = ['C(16,3,1)', 'C(32,5,1)', 'P(2,2)', 'C(64,3,1)', 'C(8,1,1)', 'FC(64)', 'GAP'];
function randomNet(): string {
  const n = 2 + Math.floor(rand() * 7);
  return [...Array.from({ length: n }, () => NETS[Math.floor(rand() * NETS.length)]!), 'SM(10)'].join(' ');
}

function populationProps(
  capacity: number,
  size: number,
  tournamentSize: number,
  firstId: number,
): PopulationViewProps {
  const members = Array.from({ length: size }, (_, i) => ({
    id: firstId + i,
    net: randomNet(),
    reward: Math.max(0.1, Math.min(0.99, 0.78 + gauss() * 0.09)),
  }));
  if (size < capacity)
    return { members, capacity, tournament: [], parentId: null, child: null, removed: null };
  const tournament = Array.from({ length: tournamentSize }, () => members[Math.floor(rand() * size)]!.id);
  // The demo draws a repeat on purpose, so the ×n badge shows.
  tournament.push(tournament[0]!);
  const parent = tournament
    .map((id) => members.find((m) => m.id === id)!)
    .reduce((best, m) => (m.reward > best.reward ? m : best));
  return {
    members,
    capacity,
    tournament,
    parentId: parent.id,
    child: {
      net: `${parent.net.replace('C(16,3,1)', 'C(32,3,1)')} `.repeat(2).trim(),
      description: 'changed layer 2 C(16,3,1) -> C(32,3,1)',
      reward: tournamentSize > 10 ? null : 0.874,
    },
    removed: { id: firstId - 1, net: randomNet(), reward: 0.712 },
  };
}

const view = new URLSearchParams(location.search).get('view') ?? 'all';

function Demo() {
  const [controller, setController] = useState(() => controllerProps(120));
  useEffect(() => {
    if (view !== 'animate') return;
    const timer = setInterval(() => setController(controllerProps(120)), 1500);
    return () => clearInterval(timer);
  }, []);
  const big = populationProps(100, 100, 25, 240);
  const small = populationProps(20, 20, 5, 60);
  const filling = populationProps(100, 12, 25, 0);
  return (
    <main
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1.2fr)',
        gap: 16,
        padding: 16,
        alignItems: 'start',
      }}
    >
      <Panel
        title="Controller"
        caption="The LSTM's softmax at each decision of the latest sample; the sampled outcome is outlined."
      >
        <ControllerView {...controller} />
      </Panel>
      <div style={{ display: 'grid', gap: 16 }}>
        <Panel
          title="Population"
          caption="P = 100, S = 25: the tournament's best is mutated; the oldest leaves."
        >
          <PopulationView {...big} rewardDomain={[0.5, 1]} />
        </Panel>
        <Panel title="Population (small)" caption="P = 20, S = 5.">
          <PopulationView {...small} />
        </Panel>
        <Panel title="Population (filling)" caption="The first P members are random.">
          <PopulationView {...filling} />
        </Panel>
        <Panel title="Controller (before any sample)" caption="Empty state.">
          <ControllerView
            steps={steps.slice(0, 6)}
            probabilities={null}
            previous={null}
            tokens={null}
            baseline={null}
            advantage={null}
            loss={null}
            updates={0}
            history={[]}
          />
        </Panel>
      </div>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Demo />
  </StrictMode>,
);
