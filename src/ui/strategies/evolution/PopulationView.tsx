/**
 * One step of regularized evolution (Real et al., AAAI 2019) at a glance: the living population
 * as a strip ordered by age (oldest left), each member coloured by reward on viridis, the
 * tournament's draws outlined (×n when drawn more than once), the parent highlighted, the
 * evicted oldest member fading out on the left, and the child below. Props in, no store.
 */
import { useMemo, type CSSProperties } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  isFilling,
  populationCells,
  rewardColor,
  rewardDomain,
  stripColumns,
  tournamentCounts,
  viridisGradient,
  type PopulationCell,
  type PopulationMemberView,
} from '../../charts/populationData';
import type { Message } from '../../../nas/message';
import { percent } from '../../format';
import { useMessageText } from '../../messageText';
import '../../components/searchViews.css';

export interface PopulationChild {
  /** Canonical net string of the child. */
  net: string;
  /** The mutation, e.g. `changed layer 2 C(8,3,1) -> C(16,3,1)`: a message, or English words. */
  description: Message | string;
  /** Its reward once trained; null while it trains. */
  reward: number | null;
}

export interface PopulationViewProps {
  /** The living population, oldest first. */
  members: PopulationMemberView[];
  /** Population size P. */
  capacity: number;
  /** Member ids drawn for the latest tournament, with replacement (an id may repeat). */
  tournament: number[];
  /** Id of the tournament's best member, the child's parent; null while the population fills. */
  parentId: number | null;
  child: PopulationChild | null;
  /** The oldest member, evicted by the latest newcomer; null while the population fills. */
  removed: PopulationMemberView | null;
  /** Fixed reward range of the colour scale; default: the range of the rewards shown. */
  rewardDomain?: [number, number];
}

const LEGEND_GRADIENT = viridisGradient();

function cellTitle(cell: PopulationCell, age: number, t: TFunction<'strategy'>): string {
  const role =
    cell.role === 'parent'
      ? t('population.parentRole', { draws: cell.draws })
      : cell.role === 'tournament'
        ? t('population.drawnRole', { draws: cell.draws })
        : null;
  return [
    t('population.cell', { id: cell.id, reward: percent(cell.reward, 1), age: age + 1 }),
    role,
    cell.net,
  ]
    .filter(Boolean)
    .join('\n');
}

export function PopulationView(props: PopulationViewProps) {
  const { t } = useTranslation('strategy');
  const { members, capacity, tournament, parentId, child, removed } = props;
  const cells = useMemo(
    () => populationCells(members, tournament, parentId),
    [members, tournament, parentId],
  );
  const domain = useMemo(
    () => rewardDomain([...members.map((m) => m.reward), removed?.reward, child?.reward], props.rewardDomain),
    [members, removed, child, props.rewardDomain],
  );
  const slots = Math.max(capacity, members.length);
  const columns = stripColumns(slots);
  const filling = isFilling(members.length, capacity);
  const distinct = tournamentCounts(tournament).size;
  return (
    <div
      className="search-view population-view"
      data-testid="population.view"
      data-size={members.length}
      data-capacity={capacity}
      data-filling={filling ? '' : undefined}
    >
      <div className="population-head">
        <span className="population-size">
          {filling ? (
            <Trans t={t} i18nKey="population.filling" values={{ size: members.length, capacity }} />
          ) : (
            <Trans t={t} i18nKey="population.members" values={{ size: members.length, capacity }} />
          )}
        </span>
        {tournament.length > 0 && (
          <span className="population-tournament">
            <Trans t={t} i18nKey="population.tournament" values={{ draws: tournament.length, distinct }} />
          </span>
        )}
        <span
          className="reward-legend"
          aria-label={t('population.legend', { lo: percent(domain[0]), hi: percent(domain[1]) })}
        >
          <span className="legend-label">{t('population.reward')}</span>
          <span className="legend-value">{percent(domain[0])}</span>
          <span className="legend-bar" style={{ background: LEGEND_GRADIENT }} aria-hidden="true" />
          <span className="legend-value">{percent(domain[1])}</span>
        </span>
      </div>
      <div className="population-strip-row">
        <div className="population-removed-slot">
          {removed && (
            <div
              className="population-removed"
              data-testid="population.removed"
              data-id={removed.id}
              title={`${t('population.removedTitle', { id: removed.id, reward: percent(removed.reward, 1) })}\n${removed.net}`}
            >
              <span className="member-cell" style={{ background: rewardColor(removed.reward, domain) }} />
              <span className="removed-label">← #{removed.id}</span>
            </div>
          )}
        </div>
        <div className="population-strip-box">
          <ol
            className="population-strip"
            style={{ '--columns': columns } as CSSProperties}
            data-rows={slots > columns ? 2 : 1}
            aria-label={t('population.strip')}
          >
            {cells.map((cell, age) => (
              <li
                key={cell.id}
                className="population-member"
                data-testid="population.member"
                data-id={cell.id}
                data-role={cell.role}
                data-draws={cell.draws}
                title={cellTitle(cell, age, t)}
              >
                <span className="member-cell" style={{ background: rewardColor(cell.reward, domain) }} />
                {cell.draws > 1 && <span className="draws-badge">×{cell.draws}</span>}
              </li>
            ))}
            {Array.from({ length: slots - cells.length }, (_, i) => (
              <li key={`empty-${i}`} className="population-slot" aria-hidden="true" />
            ))}
          </ol>
          <div className="population-ends" aria-hidden="true">
            <span>{t('population.oldest')}</span>
            <span>{t('population.youngest')}</span>
          </div>
        </div>
      </div>
      <ul className="population-key" aria-label={t('population.key')}>
        <li>
          <span className="key-swatch key-tournament" /> {t('population.keyTournament')}
        </li>
        <li>
          <span className="key-swatch key-parent" /> {t('population.keyParent')}
        </li>
        <li>
          <span className="key-swatch key-removed" /> {t('population.keyRemoved')}
        </li>
      </ul>
      <ChildLine child={child} parentId={parentId} filling={filling} />
    </div>
  );
}

function ChildLine({
  child,
  parentId,
  filling,
}: {
  child: PopulationChild | null;
  parentId: number | null;
  filling: boolean;
}) {
  const { t } = useTranslation('strategy');
  const messageText = useMessageText();
  if (!child) {
    return (
      <p className="population-child empty" data-testid="population.child" data-empty="">
        {filling ? t('population.noChildFilling') : t('population.noChild')}
      </p>
    );
  }
  return (
    <div className="population-child" data-testid="population.child">
      <p className="child-line">
        <span className="child-origin">
          {parentId === null ? t('population.randomMember') : t('population.childOf', { parent: parentId })}:
        </span>{' '}
        {parentId === null ? t('population.fillingDescription') : messageText(child.description)}
      </p>
      <p className="child-net">
        <code className="mono child-net-string" title={child.net}>
          {child.net}
        </code>
        <span className="child-reward" data-pending={child.reward === null ? '' : undefined}>
          {child.reward === null
            ? t('population.training')
            : t('population.childReward', { reward: percent(child.reward, 1) })}
        </span>
      </p>
    </div>
  );
}
