/**
 * Dev-only demo of the charts with realistic fake data (not part of the build: Vite builds
 * index.html only). Serve with `npx vite` and open /src/charts/demo/charts-demo.html
 * (`?view=stress` for 3,000 rewards, a branching DAG and a long chain).
 */
import { PAPER_EPSILON_SCHEDULE, scaleSchedule } from '../../nas/strategies/metaqnn/config';
import {
  ArchDag,
  EpsilonChart,
  QTableView,
  RewardChart,
  TrainingCurve,
  type ArchDagData,
  type ArchNode,
  type QTableCellRef,
  type QTableData,
  type QTableRow,
  type RewardPoint,
} from '../index';

// The charts read their theme from <html data-theme>; follow the OS scheme on this dev page.
document.documentElement.setAttribute(
  'data-theme',
  matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
);

let seed = 7;
function rand(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const gauss = () => (rand() + rand() + rand() + rand() - 2) / 1.15;

const FILTERS = [8, 16, 32];
const BIG_FILTERS = [8, 16, 24, 32, 48, 64, 96, 128];
const SIZES = [1, 3, 5];
const POOLS = ['P(2,2)', 'P(3,2)', 'P(5,3)'];

function randomArch(): string {
  const n = 1 + Math.floor(rand() * 10);
  const layers: string[] = [];
  let last = 'start';
  for (let i = 0; i < n; i++) {
    if (last === 'fc') {
      layers.push(`FC(${pick([64, 32])})`);
      break;
    }
    const r = rand();
    if (r < 0.55 || last === 'start') {
      layers.push(`C(${pick(BIG_FILTERS)},${pick(SIZES)},1)`);
      last = 'conv';
    } else if (r < 0.75 && last === 'conv') {
      layers.push(pick(POOLS));
      last = 'pool';
    } else {
      layers.push(`FC(${pick([64, 32])})`);
      last = 'fc';
    }
  }
  return [...layers, 'SM(10)'].join(' ');
}

function fakeRun(proposals: number, schedule: { epsilon: number; models: number }[]) {
  const points: RewardPoint[] = [];
  const seen = new Map<string, number>();
  const perStep = schedule.map(() => 0);
  let step = 0;
  let trained = 0;
  for (let index = 0; index < proposals && step < schedule.length; index++) {
    const eps = schedule[step]!.epsilon;
    let arch = rand() < (1 - eps) * 0.35 && seen.size > 0 ? pick([...seen.keys()]) : randomArch();
    for (let tries = 0; tries < 20 && seen.has(arch) && rand() < eps; tries++) arch = randomArch();
    const cachedReward = seen.get(arch);
    if (cachedReward !== undefined) {
      points.push({ index, reward: cachedReward, epsilon: eps, cached: true, arch });
      continue;
    }
    const base = 0.72 + (1 - eps) * 0.22;
    const reward = Math.max(0.09, Math.min(0.985, base + gauss() * 0.12 * (0.4 + eps)));
    seen.set(arch, reward);
    points.push({ index, reward, epsilon: eps, cached: false, arch });
    trained += 1;
    perStep[step]! += 1;
    if (perStep[step]! >= schedule[step]!.models) step += 1;
  }
  return { points, trained, perStep };
}

function fakeQTable(targetEntries: number): QTableData {
  const rows: QTableRow[] = [];
  const depths = 8;
  const perDepth = Math.round(targetEntries / 13 / depths);
  for (let depth = 0; depth < depths; depth++) {
    const count = depth === 0 ? 1 : perDepth + Math.floor(rand() * 6);
    const used = new Set<string>();
    for (let k = 0; k < count; k++) {
      const bin = pick([8, 4, 1]);
      const kind = depth === 0 ? 'start' : pick(['C', 'C', 'P', 'FC', 'GAP']);
      const layer =
        kind === 'start'
          ? 'start'
          : kind === 'C'
            ? `C(${pick(FILTERS)},${pick(SIZES)},1)`
            : kind === 'P'
              ? pick(POOLS)
              : kind === 'FC'
                ? `FC(${pick([64, 32])})`
                : 'GAP';
      const fc = kind === 'FC' ? 1 + Math.floor(rand() * 2) : 0;
      const state = `${depth}:${layer}|R${bin}|fc${fc}`;
      if (used.has(state)) continue;
      used.add(state);
      const actions: string[] = [];
      if (kind === 'GAP') actions.push('SM');
      else if (kind === 'FC') actions.push('FC(64)', 'FC(32)', 'SM');
      else {
        for (const f of FILTERS) for (const s of SIZES) if (s <= bin) actions.push(`C(${f},${s},1)`);
        if (kind === 'C') for (const p of POOLS) if (Number(p[2]) <= bin) actions.push(p);
        if (bin <= 4) actions.push('FC(64)', 'FC(32)');
        if (kind !== 'start') actions.push('GAP');
        actions.push('SM');
      }
      const visitP = 0.95 - depth * 0.1;
      rows.push({
        state,
        depth,
        actions: actions.map((action) => {
          const visited = rand() < visitP;
          const q = visited ? 0.5 + gauss() * 0.05 + (action === 'SM' ? 0.08 * rand() : 0) : 0.5;
          return { action, q, visited };
        }),
      });
    }
  }
  const highlight: QTableCellRef[] = [];
  for (let d = 0; d < 4; d++) {
    const row = pick(rows.filter((r) => r.depth === d));
    highlight.push({ state: row.state, action: pick(row.actions).action });
  }
  const touched: QTableCellRef[] = [];
  for (let i = 0; i < 30; i++) {
    const row = pick(rows);
    touched.push({ state: row.state, action: pick(row.actions).action });
  }
  return { rows, initialQ: 0.5, highlight, touched };
}

/** Layer kinds and output shapes of a net string on a 14×14×1 input. */
function archDag(net: string, size = 14): ArchDagData {
  let h = size;
  let c = 1;
  const nodes: ArchNode[] = [{ id: 'n0', label: 'input', kind: 'input', detail: `${h}×${h}×${c}` }];
  for (const token of net.split(' ')) {
    const nums = (/\(([^)]*)\)/.exec(token)?.[1] ?? '').split(',').map(Number);
    const id = `n${nodes.length}`;
    if (token.startsWith('C(')) {
      c = nums[0]!;
      nodes.push({ id, label: token, kind: 'conv', detail: `${h}×${h}×${c}` });
    } else if (token.startsWith('P(')) {
      h = Math.ceil((h - nums[0]! + 1) / nums[1]!);
      nodes.push({ id, label: token, kind: 'pool', detail: `${h}×${h}×${c}` });
    } else if (token.startsWith('FC(')) {
      nodes.push({ id, label: token, kind: 'fc', detail: `${nums[0]}` });
    } else if (token === 'GAP') {
      nodes.push({ id, label: 'GAP', kind: 'gap', detail: `${c}` });
    } else {
      nodes.push({ id, label: token, kind: 'softmax', detail: `${nums[0] ?? 10} classes` });
    }
  }
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }));
  return { nodes, edges };
}

function blockDag(): ArchDagData {
  const nodes: ArchNode[] = [
    { id: 'in', label: 'input', kind: 'input', detail: '14×14×16' },
    { id: 'a', label: 'C(16,1,1)', kind: 'conv', detail: '14×14×16' },
    { id: 'b', label: 'C(16,3,1)', kind: 'conv', detail: '14×14×16' },
    { id: 'c', label: 'P(3,1)', kind: 'pool', detail: '14×14×16' },
    { id: 'd', label: 'C(16,5,1)', kind: 'conv', detail: '14×14×16' },
    { id: 'cat', label: 'concat', kind: 'other', detail: '14×14×48' },
    { id: 'gap', label: 'GAP', kind: 'gap', detail: '48' },
    { id: 'sm', label: 'SM(10)', kind: 'softmax', detail: '10 classes' },
  ];
  const edges = [
    { from: 'in', to: 'a' },
    { from: 'in', to: 'b' },
    { from: 'in', to: 'c' },
    { from: 'a', to: 'd' },
    { from: 'd', to: 'cat' },
    { from: 'b', to: 'cat' },
    { from: 'c', to: 'cat' },
    { from: 'cat', to: 'gap' },
    { from: 'gap', to: 'sm' },
  ];
  return { nodes, edges };
}

function panel(grid: HTMLElement, area: string, title: string): HTMLElement {
  const section = document.createElement('section');
  section.style.gridArea = area;
  const h2 = document.createElement('h2');
  h2.textContent = title;
  const body = document.createElement('div');
  body.className = 'body';
  body.dataset.panel = area;
  section.append(h2, body);
  grid.appendChild(section);
  return body;
}

const grid = document.getElementById('grid')!;
const view = new URLSearchParams(location.search).get('view') ?? 'app';
grid.className = view;
const schedule = scaleSchedule(PAPER_EPSILON_SCHEDULE, 0.02);

if (view === 'stress') {
  const big = fakeRun(3200, scaleSchedule(PAPER_EPSILON_SCHEDULE, 1));
  new RewardChart(panel(grid, 'reward', `Rewards (${big.points.length} proposals, canvas)`)).update({
    points: big.points.slice(0, 3000),
  });
  new QTableView(panel(grid, 'qtable', 'Q-table (6,000 entries)')).update(fakeQTable(6000));
  new ArchDag(panel(grid, 'dag2', 'Block (branching DAG)')).update(blockDag());
  new ArchDag(panel(grid, 'dag3', 'Long chain (12 layers)')).update(
    archDag(
      'C(32,3,1) C(32,3,1) C(32,5,1) P(2,2) C(16,3,1) C(16,3,1) C(16,1,1) P(2,2) C(8,3,1) C(8,1,1) FC(64) FC(32) SM(10)',
      28,
    ),
  );
} else {
  const run = fakeRun(52, schedule);
  const eps = new EpsilonChart(panel(grid, 'eps', 'Epsilon schedule'));
  eps.update({ schedule, trained: run.trained, trainedPerStep: run.perStep });
  const reward = new RewardChart(panel(grid, 'reward', 'Reward per proposal'));
  reward.update({ points: run.points });
  const q = new QTableView(panel(grid, 'qtable', 'Q-table'));
  q.update(fakeQTable(2000));
  new ArchDag(panel(grid, 'dag', 'Best architecture')).update(
    archDag('C(32,3,1) C(32,3,1) P(2,2) C(16,5,1) FC(64) SM(10)'),
  );
  const losses = Array.from({ length: 64 }, (_, i) => ({
    step: i + 1,
    loss: 0.25 + 2.05 * Math.exp(-i / 12) + Math.abs(gauss()) * 0.18,
  }));
  new TrainingCurve(
    panel(grid, 'curve', 'Training: C(32,3,1) C(32,3,1) P(2,2) C(16,5,1) FC(64) SM(10)'),
  ).update({
    losses,
    valAccuracy: [
      { epoch: 1, step: 32, acc: 0.861 },
      { epoch: 2, step: 64, acc: 0.934 },
    ],
  });
  Object.assign(window, { demo: { eps, reward, q } });
}
