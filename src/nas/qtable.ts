/**
 * The Q-table of tabular Q-learning, stored for speed: every (state, action) pair a run meets is
 * interned once as a cell number (`QCells`, shared by a table and its copies) and its value sits
 * in a Float64Array, so the millions of updates of a paper-length run (MetaQNN Table 2 with 100
 * replay samples: 25 million on NAS-Bench-201) are array arithmetic, not string-keyed lookups.
 * A trajectory is compiled once to its cells (`compile`) and updated through them.
 * Pure module: no DOM, React or tfjs.
 */

/** Interned (state, action) pairs: cell numbers from 0, in the order first met. */
export class QCells {
  private readonly ids = new Map<string, Map<string, number>>();
  private readonly pairs: (readonly [state: string, action: string])[] = [];

  /** The cell of (state, action), made on first use. */
  id(state: string, action: string): number {
    let row = this.ids.get(state);
    if (!row) this.ids.set(state, (row = new Map()));
    let id = row.get(action);
    if (id === undefined) {
      id = this.pairs.length;
      row.set(action, id);
      this.pairs.push([state, action]);
    }
    return id;
  }

  /** The cell of (state, action), if it was ever made. */
  find(state: string, action: string): number | undefined {
    return this.ids.get(state)?.get(action);
  }

  /** The (state, action) of a cell. */
  pair(id: number): readonly [state: string, action: string] {
    return this.pairs[id]!;
  }

  get count(): number {
    return this.pairs.length;
  }
}

/**
 * A trajectory compiled to cells: step k's cell, and the cells of its next state's legal actions
 * at `nextIds[nextStart[k] .. nextStart[k + 1])` (flat arrays: a long run replays millions).
 */
export interface CompiledTrajectory {
  readonly cells: Int32Array;
  readonly nextStart: Int32Array;
  readonly nextIds: Int32Array;
}

/** What `compile` reads of a transition. */
export interface TransitionKeys {
  readonly state: string;
  readonly action: string;
  readonly nextActions: readonly string[];
  readonly nextState: string;
}

const compiled = new WeakMap<QCells, WeakMap<object, CompiledTrajectory>>();

/** The cells of `trajectory` in `cells` (memoised per trajectory array). */
export function compile(cells: QCells, trajectory: readonly TransitionKeys[]): CompiledTrajectory {
  let memo = compiled.get(cells);
  if (!memo) compiled.set(cells, (memo = new WeakMap()));
  let out = memo.get(trajectory);
  if (!out) {
    const nextStart = new Int32Array(trajectory.length + 1);
    const ids: number[] = [];
    trajectory.forEach((t, k) => {
      for (const a of t.nextActions) ids.push(cells.id(t.nextState, a));
      nextStart[k + 1] = ids.length;
    });
    out = {
      cells: Int32Array.from(trajectory, (t) => cells.id(t.state, t.action)),
      nextStart,
      nextIds: Int32Array.from(ids),
    };
    memo.set(trajectory, out);
  }
  return out;
}

/** Q-values keyed by canonical state and action strings; unseen pairs read as `initialQ`. */
export class QTable {
  private values: Float64Array;
  /** 1 where a value was stored. */
  private stored: Uint8Array;
  /** 1 where a value changed since the last `takeChanged`, and those cells in order. */
  private marks: Uint8Array;
  private changed: number[] = [];
  /** Stored cells per state, states and cells in the order first stored. */
  private readonly rows: Map<string, number[]>;
  private count: number;

  /**
   * `initialQ`: the value of every (state, action) never updated (0.5 in the paper). `cells`: the
   * interning to use (a copy shares its original's).
   */
  constructor(
    readonly initialQ: number,
    readonly cells: QCells = new QCells(),
  ) {
    this.values = new Float64Array(64).fill(initialQ);
    this.stored = new Uint8Array(64);
    this.marks = new Uint8Array(64);
    this.rows = new Map();
    this.count = 0;
  }

  get(state: string, action: string): number {
    const id = this.cells.find(state, action);
    return id === undefined ? this.initialQ : this.at(id);
  }

  set(state: string, action: string, q: number): void {
    this.put(this.cells.id(state, action), q);
  }

  /** The value of a cell. */
  at(id: number): number {
    return id < this.values.length ? this.values[id]! : this.initialQ;
  }

  /**
   * The values of every cell interned so far (`initialQ` where none was stored), for the
   * update loop to read directly; valid until the next call that may grow the table.
   */
  reserve(): Float64Array {
    if (this.values.length < this.cells.count) this.grow(this.cells.count);
    return this.values;
  }

  /** Stores the value of a cell. */
  put(id: number, q: number): void {
    if (id >= this.values.length) this.grow(id + 1);
    this.values[id] = q;
    if (this.stored[id] === 0) this.firstStore(id);
    if (this.marks[id] === 0) this.mark(id);
  }

  private firstStore(id: number): void {
    this.stored[id] = 1;
    this.count++;
    const [state] = this.cells.pair(id);
    let row = this.rows.get(state);
    if (!row) this.rows.set(state, (row = []));
    row.push(id);
  }

  private mark(id: number): void {
    this.marks[id] = 1;
    this.changed.push(id);
  }

  /** The cells whose value changed since the last call, in the order first changed. */
  takeChanged(): number[] {
    const changed = this.changed;
    for (const id of changed) this.marks[id] = 0;
    this.changed = [];
    return changed;
  }

  /** Largest value over `ids` (unseen ones count as `initialQ`); 0 when there are none. */
  maxAt(ids: ArrayLike<number>): number {
    if (ids.length === 0) return 0;
    let best = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      const q = this.at(ids[i]!);
      if (q > best) best = q;
    }
    return best;
  }

  /**
   * Applies a compiled trajectory's updates, last step first, without reporting them: the loop
   * that runs millions of times in a paper-length run. `reward`: the last step's alone, or one
   * per step. The same arithmetic as `qUpdate`.
   */
  learn(
    trajectory: CompiledTrajectory,
    reward: number | readonly number[],
    alpha: number,
    gamma: number,
  ): void {
    const values = this.reserve();
    const { stored, marks } = this;
    const { cells, nextStart, nextIds } = trajectory;
    const last = cells.length - 1;
    const scalar = typeof reward === 'number';
    for (let i = last; i >= 0; i--) {
      const r = scalar ? (i === last ? reward : 0) : reward[i]!;
      let maxNextQ = 0;
      const from = nextStart[i]!;
      const to = nextStart[i + 1]!;
      if (i !== last && to > from) {
        maxNextQ = -Infinity;
        for (let k = from; k < to; k++) {
          const q = values[nextIds[k]!]!;
          if (q > maxNextQ) maxNextQ = q;
        }
      }
      const cell = cells[i]!;
      values[cell] = (1 - alpha) * values[cell]! + alpha * (r + gamma * maxNextQ);
      if (stored[cell] === 0) this.firstStore(cell);
      if (marks[cell] === 0) this.mark(cell);
    }
  }

  /** Stored (state, action, q) triples, state by state in insertion order. */
  *entries(): IterableIterator<[state: string, action: string, q: number]> {
    for (const row of this.rows.values())
      for (const id of row) {
        const [state, action] = this.cells.pair(id);
        yield [state, action, this.values[id]!];
      }
  }

  /** States with at least one stored value, in insertion order. */
  states(): IterableIterator<string> {
    return this.rows.keys();
  }

  /** Number of stored (state, action) values. */
  get size(): number {
    return this.count;
  }

  /** Largest Q(state, u) over `actions` (unseen ones count as `initialQ`); 0 when there are none. */
  maxQ(state: string, actions: readonly string[]): number {
    if (actions.length === 0) return 0;
    let best = -Infinity;
    for (const action of actions) {
      const q = this.get(state, action);
      if (q > best) best = q;
    }
    return best;
  }

  /** An independent copy with the same values, sharing the interning. */
  copy(): QTable {
    const twin = new QTable(this.initialQ, this.cells);
    twin.values = this.values.slice();
    twin.stored = this.stored.slice();
    twin.marks = new Uint8Array(this.marks.length);
    for (const [state, row] of this.rows) twin.rows.set(state, [...row]);
    twin.count = this.count;
    return twin;
  }

  private grow(min: number): void {
    const size = Math.max(min, this.values.length * 2);
    const values = new Float64Array(size).fill(this.initialQ);
    values.set(this.values);
    const stored = new Uint8Array(size);
    stored.set(this.stored);
    const marks = new Uint8Array(size);
    marks.set(this.marks);
    this.values = values;
    this.stored = stored;
    this.marks = marks;
  }
}
