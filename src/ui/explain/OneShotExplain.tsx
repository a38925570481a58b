/**
 * Explain mode's step of a one-shot run (issue #18): one DARTS alpha update on one edge, one SNAS
 * Gumbel-softmax sample on one edge, or one ENAS controller update, each with its equation and a
 * table of its numbers (src/nas/oneshot/explain.ts). The edge shown first is the one the step
 * changed most (DARTS) or where the noise overturned the likeliest op (SNAS); any edge can be picked.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OneShotStep } from '../../nas/explain';
import type { DartsAlphaEvent, EnasUpdateEvent, SnasGumbelEvent } from '../../nas/oneshot/events';
import { explainDartsAlpha, explainEnasUpdate, explainSnasGumbel } from '../../nas/oneshot/explain';
import { oneShotSpace, type OneShotSpace } from '../../nas/oneshot/spaces';
import { DARTS_ROWS } from '../../nas/spaces/darts';
import { cellString, NB201_OPS, type Nb201Op } from '../../nas/spaces/nb201';
import { CellOpsLine } from '../strategies/oneshot/CellOpsLine';
import { edgeLabel } from '../strategies/oneshot/oneShotData';

/** A number of an alpha step: small ones (gradients, steps of 3e-4) in exponent form. */
function formatSmall(x: number): string {
  if (x === 0) return '0';
  return Math.abs(x) < 1e-2 ? x.toExponential(2) : x.toFixed(4);
}

const prob = (x: number): string => x.toFixed(4);
/** The space of an event's rows: 28 are the darts space's two cells, else NAS-Bench-201's. */
const spaceOfRows = (rows: number): OneShotSpace => oneShotSpace(rows === DARTS_ROWS ? 'darts' : 'nb201');

const opName = (op: number, space: OneShotSpace = oneShotSpace('nb201')): string =>
  space.ops[op] ?? String(op);

function EdgePicker({
  edge,
  space,
  onChange,
}: {
  edge: number;
  space: OneShotSpace;
  onChange(edge: number): void;
}) {
  const { t } = useTranslation('explain');
  return (
    <label className="explain-edge">
      <span className="explain-label">{t('oneshot.edge')}</span>{' '}
      <select
        className="input"
        data-testid="explain.edge"
        value={edge}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {Array.from({ length: space.edges }, (_, i) => {
          const [from, to] = edgeLabel(i, space).split('→');
          return (
            <option key={i} value={i}>
              {t('oneshot.edgeOption', { n: i + 1, from, to })}
            </option>
          );
        })}
      </select>
    </label>
  );
}

/** A table of numbers, one row per op (or child), the chosen row marked. */
function NumberTable({
  testId,
  heads,
  rows,
}: {
  testId: string;
  heads: readonly string[];
  rows: readonly {
    key: string;
    cells: readonly ReactNode[];
    marked: boolean;
    data: Record<string, string | number>;
  }[];
}) {
  return (
    <div className="explain-table-wrap">
      <table className="data-table explain-actions explain-numbers">
        <thead>
          <tr>
            {heads.map((h, i) => (
              <th key={i} scope="col" className={i === 0 ? undefined : 'num'}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.key}
              className={row.marked ? 'chosen' : undefined}
              data-testid={testId}
              {...Object.fromEntries(Object.entries(row.data).map(([k, v]) => [`data-${k}`, v]))}
            >
              {row.cells.map((cell, i) => (
                <td key={i} className={i === 0 ? 'mono' : 'num mono'}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DartsView({ event }: { event: DartsAlphaEvent }) {
  const { t } = useTranslation('explain');
  const [edge, setEdge] = useState<number | null>(null);
  const e = explainDartsAlpha(event, edge ?? undefined);
  const space = spaceOfRows(event.alphaBefore.length);
  const lr = String(event.learningRate);
  return (
    <div className="explain-step" data-testid="explain.darts" data-edge={e.edge} data-epoch={event.epoch}>
      <h3 className="explain-heading">
        {t('oneshot.darts.heading', { epoch: event.epoch + 1, step: event.step })}
      </h3>
      <p className="explain-line muted">
        {t(event.order === 2 ? 'oneshot.darts.second' : 'oneshot.darts.first')}
      </p>
      <div className="explain-equation mono" role="math">
        <div className="eq-symbolic">{t('oneshot.darts.equation')}</div>
      </div>
      <p className="explain-line">
        {t('oneshot.darts.settings', {
          lr,
          beta1: event.beta1,
          beta2: event.beta2,
          wd: event.weightDecay,
        })}{' '}
        · {t('oneshot.darts.loss', { loss: event.valLoss.toFixed(4) })}
      </p>
      <EdgePicker edge={e.edge} space={space} onChange={setEdge} />
      <NumberTable
        testId="explain.darts.row"
        heads={[
          t('oneshot.op'),
          t('oneshot.darts.alphaBefore'),
          t('oneshot.darts.grad'),
          t('oneshot.darts.decayed'),
          t('oneshot.darts.delta'),
          t('oneshot.darts.alphaAfter'),
          t('oneshot.darts.softmaxBefore'),
          t('oneshot.darts.softmaxAfter'),
        ]}
        rows={e.rows.map((r) => ({
          key: String(r.op),
          marked: false,
          data: { op: opName(r.op, space), grad: r.grad, delta: r.delta, 'softmax-after': r.softmaxAfter },
          cells: [
            opName(r.op, space),
            formatSmall(r.alphaBefore),
            formatSmall(r.grad),
            formatSmall(r.decayedGrad),
            formatSmall(r.delta),
            formatSmall(r.alphaAfter),
            // An alpha step of 3e-4 moves a softmax by ~1e-4: six decimals show it.
            r.softmaxBefore.toFixed(6),
            r.softmaxAfter.toFixed(6),
          ],
        }))}
      />
      <p className="explain-note muted">
        {t(e.firstAdamStep ? 'oneshot.darts.firstNote' : 'oneshot.darts.laterNote', { lr })}
      </p>
      {!e.consistent && (
        <p className="explain-note error" role="alert">
          {t('oneshot.darts.inconsistent')}
        </p>
      )}
    </div>
  );
}

function SnasView({ event }: { event: SnasGumbelEvent }) {
  const { t } = useTranslation('explain');
  const [edge, setEdge] = useState<number | null>(null);
  const e = explainSnasGumbel(event, edge ?? undefined);
  const space = spaceOfRows(event.logAlpha.length);
  return (
    <div
      className="explain-step"
      data-testid="explain.snas"
      data-edge={e.edge}
      data-epoch={event.epoch}
      data-temperature={event.temperature}
      data-chosen={opName(e.chosen, space)}
    >
      <h3 className="explain-heading">
        {t('oneshot.snas.heading', { epoch: event.epoch + 1, step: event.step })}
      </h3>
      <div className="explain-equation mono" role="math">
        <div className="eq-symbolic">{t('oneshot.snas.equation')}</div>
      </div>
      <p className="explain-line">{t('oneshot.snas.temperature', { t: event.temperature.toFixed(4) })}</p>
      <EdgePicker edge={e.edge} space={space} onChange={setEdge} />
      <NumberTable
        testId="explain.snas.row"
        heads={[
          t('oneshot.op'),
          t('oneshot.snas.logAlpha'),
          t('oneshot.snas.probability'),
          t('oneshot.snas.noise'),
          t('oneshot.snas.scaled'),
          t('oneshot.snas.z'),
          t('oneshot.snas.hard'),
        ]}
        rows={e.rows.map((r) => ({
          key: String(r.op),
          marked: r.hard,
          data: { op: opName(r.op, space), noise: r.noise, z: r.zLogged, hard: String(r.hard) },
          cells: [
            opName(r.op, space),
            formatSmall(r.logAlpha),
            prob(r.probability),
            r.noise.toFixed(4),
            r.scaled.toFixed(4),
            prob(r.zLogged),
            r.hard ? '◀' : '',
          ],
        }))}
      />
      <p className="explain-note muted">
        {e.chosen === e.mostLikely
          ? t('oneshot.snas.same', { chosen: opName(e.chosen, space) })
          : t('oneshot.snas.overturned', {
              likely: opName(e.mostLikely, space),
              chosen: opName(e.chosen, space),
            })}
      </p>
      {!e.consistent && (
        <p className="explain-note error" role="alert">
          {t('oneshot.snas.inconsistent')}
        </p>
      )}
    </div>
  );
}

function EnasView({ event }: { event: EnasUpdateEvent }) {
  const { t } = useTranslation('explain');
  const e = explainEnasUpdate(event);
  const num = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(4));
  return (
    <div
      className="explain-step"
      data-testid="explain.enas"
      data-epoch={event.epoch}
      data-detailed={e.detailed}
    >
      <h3 className="explain-heading">{t('oneshot.enas.heading', { epoch: event.epoch + 1 })}</h3>
      <div className="explain-equation mono" role="math">
        <div className="eq-symbolic">{t('oneshot.enas.rewardEq', { w: e.entropyWeight })}</div>
        {e.detailed && (
          <div className="eq-symbolic">
            {t('oneshot.enas.baselineEq', { d: e.baselineDecay, b: num(e.baselineBefore) })}
          </div>
        )}
        <div className="eq-result">{t('oneshot.enas.lossEq', { loss: e.loss.toFixed(6) })}</div>
      </div>
      <NumberTable
        testId="explain.enas.row"
        heads={[
          t('oneshot.enas.child'),
          t('oneshot.enas.cell'),
          t('oneshot.enas.accuracy'),
          t('oneshot.enas.entropy'),
          t('oneshot.enas.reward'),
          t('oneshot.enas.baseline'),
          t('oneshot.enas.advantage'),
          t('oneshot.enas.logProb'),
        ]}
        rows={e.rows.map((r) => ({
          key: String(r.child),
          marked: (r.advantage ?? 0) > 0,
          data: { reward: r.reward, advantage: r.advantage ?? '' },
          cells: [
            String(r.child + 1),
            r.ops.length === DARTS_ROWS ? (
              <code key="cell" className="net-string small">
                {oneShotSpace('darts').archOf(r.ops)}
              </code>
            ) : (
              <CellOpsLine
                key="cell"
                ops={r.ops.map((o) => NB201_OPS[o] as Nb201Op)}
                title={cellString(r.ops.map((o) => NB201_OPS[o] as Nb201Op))}
              />
            ),
            num(r.accuracy),
            num(r.sampleEntropy),
            num(r.reward),
            num(r.baselineAfter),
            num(r.advantage),
            num(r.logProb),
          ],
        }))}
      />
      <p className="explain-note muted">{t(e.detailed ? 'oneshot.enas.note' : 'oneshot.enas.rewardsOnly')}</p>
      {!e.consistent && (
        <p className="explain-note error" role="alert">
          {t('oneshot.enas.inconsistent')}
        </p>
      )}
    </div>
  );
}

/** The step's view; keyed by its event so a new step starts on its own focus edge. */
export function OneShotExplain({ step }: { step: OneShotStep }) {
  const { event } = step;
  switch (event.type) {
    case 'darts-alpha':
      return <DartsView key={step.eventIndex} event={event} />;
    case 'snas-gumbel':
      return <SnasView key={step.eventIndex} event={event} />;
    case 'enas-update':
      return <EnasView key={step.eventIndex} event={event} />;
  }
}
