/**
 * PNAS's beam at each level (Liu et al. 2018): the cells trained at the level, each with the
 * surrogate's prediction from before it was trained and the accuracy measured, the candidates the
 * beam was kept from, the surrogate's fit after the level and its rank correlation on it.
 * Props in, no store.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchDag } from '../../../charts';
import { parseCellPairString } from '../../../nas/spaces/cell';
import { cellDagData } from '../../charts/cellDags';
import { D3Chart } from '../../charts/D3Chart';
import { levelCorrelation, pnasBeamRows, type PnasBeamRow } from '../../charts/pnasData';
import type { PnasView } from '../../../nas/strategies/pnas/view';
import { percent } from '../../format';
import './pnas.css';

const newDag = (el: HTMLElement) => new ArchDag(el);

/** The DAG of a level's best measured cell (its first cell while none is measured). */
function LevelDag({ level, rows }: { level: number; rows: readonly PnasBeamRow[] }) {
  const shown = rows.find((r) => r.best) ?? rows[0];
  const data = useMemo(
    () =>
      shown ? cellDagData(parseCellPairString(`N[${shown.cell}] R[${shown.cell}]`).normal, 'normal') : null,
    [shown],
  );
  return (
    <div className="pnas-dag" data-level={level}>
      <D3Chart testId="pnas.dag" create={newDag} data={data} />
    </div>
  );
}

export function BeamView({ view }: { view: PnasView }) {
  const { t } = useTranslation('strategy');
  return (
    <div className="search-view pnas-beam" data-testid="pnas.beam" data-levels={view.levels.length}>
      {view.levels.length === 0 && <p className="empty muted">{t('pnas.noLevels')}</p>}
      {[...view.levels].reverse().map((level) => {
        const rows = pnasBeamRows(level);
        const rho = levelCorrelation(level);
        const measured = rows.filter((r) => r.measured !== null).length;
        return (
          <section
            key={level.level}
            className="pnas-level"
            data-testid="pnas.level"
            data-level={level.level}
            data-cells={rows.length}
            data-measured={measured}
            data-closed={level.closed}
          >
            <h3>
              {t('pnas.level', { level: level.level, count: rows.length })}
              <span className="muted">
                {' · '}
                {level.candidates === null
                  ? t('pnas.levelAll')
                  : t('pnas.levelCandidates', { count: rows.length, candidates: level.candidates })}
              </span>
            </h3>
            <p className="muted pnas-level-stats">
              {level.level > 1 &&
                (rho === null
                  ? t('pnas.rhoNone', { level: level.level })
                  : t(level.closed ? 'pnas.rho' : 'pnas.rhoSoFar', {
                      level: level.level,
                      rho: rho.toFixed(2),
                    }))}
              {level.fitError !== null && (
                <span>
                  {level.level > 1 ? ' · ' : ''}
                  {t('pnas.fit', { fitted: level.fitted, error: percent(level.fitError, 1) })}
                </span>
              )}
            </p>
            <LevelDag level={level.level} rows={rows} />
            <table className="pnas-table">
              <thead>
                <tr>
                  <th>{t('pnas.cell')}</th>
                  <th>{t('pnas.predicted')}</th>
                  <th>{t('pnas.measured')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr
                    key={row.cell}
                    className={row.best ? 'best' : undefined}
                    title={row.best ? t('pnas.best') : undefined}
                  >
                    <td className="pnas-cell">{row.cell.split('|').join(' | ')}</td>
                    <td>{percent(row.predicted, 1)}</td>
                    <td>
                      {row.measured === null ? (
                        <span className="muted">{t('pnas.training')}</span>
                      ) : (
                        percent(row.measured, 1)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}
