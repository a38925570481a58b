/**
 * Dev-only demo of the NAS-Bench-201 panel on the real table (not part of the build): a
 * Q-learning search and random-search seeds, run here on the table in a few hundred ms.
 * Serve with `npx vite` and open /src/charts/demo/nb201-demo.html (`?theme=dark|light`,
 * `?dataset=nb201-cifar100`, `?scale=0.2` for a longer schedule, `?empty` before any result,
 * `?withBest` with the table's best cell found last).
 */
import { createRoot } from 'react-dom/client';
import { PAPER_EPSILON_SCHEDULE, scaleSchedule } from '../../nas/strategies/metaqnn/config';
import { Nb201Table, type Nb201DatasetId } from '../../nas/nb201Table';
import type { Nb201CellResult } from '../../nas/nb201Views';
import { Rng } from '../../nas/rng';
import type { ResultEvent, RunEvent } from '../../nas/runlog';
import { NB201_CELL_COUNT, cellFromCode, cellString } from '../../nas/spaces/nb201';
import { Nb201QLearningStrategy } from '../../nas/strategies/metaqnn/nb201qlearning';
import { Nb201Panel } from '../../ui/components/Nb201Panel';
import nb201Json from '../../data/nb201/nb201-12epoch.json';
import '../../ui/app.css';

const params = new URLSearchParams(location.search);
document.documentElement.setAttribute(
  'data-theme',
  params.get('theme') ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
);
const dataset = (params.get('dataset') ?? 'nb201-cifar10') as Nb201DatasetId;
const scale = Number(params.get('scale') ?? 0.1);
const table = Nb201Table.fromJson(nb201Json);

function result(index: number, arch: string, reward: number, cached: boolean): ResultEvent {
  return {
    type: 'result',
    index,
    arch,
    reward,
    accuracy: reward,
    curve: [],
    params: 0,
    trainMs: 0,
    backend: 'table',
    restarts: 0,
    cached,
  };
}

/** A Q-learning run on the table with the paper's schedule scaled by `scale`. */
function qLearningRun(seed: number): RunEvent[] {
  const strategy = new Nb201QLearningStrategy({ alpha: 0.01, gamma: 1, initialQ: 0.5, replaySamples: 100 });
  const rng = new Rng(seed);
  const replayRng = rng.fork('replay');
  const events: RunEvent[] = [];
  let index = 0;
  let trained = 0;
  scaleSchedule(PAPER_EPSILON_SCHEDULE, scale).forEach(({ epsilon, models }, step) => {
    events.push({ type: 'epsilon', step, epsilon, modelsAtEpsilon: models });
    for (let atStep = 0, tries = 0; atStep < models && tries < models * 50; tries++) {
      const candidate = strategy.propose(rng, epsilon);
      const seen = strategy.cachedReward(candidate.net);
      const reward = seen ?? table.lookup(candidate.net).accuracy[dataset].val;
      events.push(result(index++, candidate.net, reward, seen !== undefined));
      strategy.observe(candidate, reward, replayRng, (update) => events.push(update));
      if (seen === undefined) {
        atStep += 1;
        trained += 1;
      }
    }
  });
  events.push({ type: 'done', trained });
  return events;
}

/** Uniform random cells, `models` unique ones; repeats are cached. */
function randomRun(seed: number, models: number): Nb201CellResult[] {
  const rng = new Rng(seed);
  const seen = new Set<string>();
  const out: Nb201CellResult[] = [];
  while (seen.size < models) {
    const cell = cellString(cellFromCode(rng.int(NB201_CELL_COUNT)));
    out.push({ arch: cell, reward: table.lookup(cell).accuracy[dataset].val, cached: seen.has(cell) });
    seen.add(cell);
  }
  return out;
}

const events = qLearningRun(1);
if (params.has('withBest')) {
  const best = table.best(dataset);
  events.push(result(events.length, best.cell, best.accuracy[dataset].val, false));
}
const results = events.filter((e): e is ResultEvent => e.type === 'result');
const models = results.filter((r) => !r.cached).length;
const qSeeds = [2, 3, 4, 5, 6].map((s) =>
  qLearningRun(s).filter((e): e is ResultEvent => e.type === 'result'),
);
const randomSeeds = [11, 12, 13, 14, 15].map((s) => randomRun(s, models));

createRoot(document.getElementById('root')!).render(
  <Nb201Panel
    table={table}
    dataset={dataset}
    results={params.has('empty') ? [] : results}
    qLearning={{
      events: params.has('empty') ? [] : events,
      rule: { alpha: 0.01, gamma: 1, initialQ: 0.5 },
      revision: 0,
    }}
    label="Q-learning, seed 1"
    compare={[
      { label: 'Q-learning', runs: qSeeds },
      { label: 'random search', runs: randomSeeds },
    ]}
  />,
);
