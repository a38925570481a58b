/**
 * The timeline scrubber: an `<input type=range>` over the proposals of the run, or the epochs of
 * a one-shot run's supernet (keyboard: arrows, Page Up/Down, Home, End) and a readout. Every
 * chart, the Q-table, the leaderboard and the strategy views show the run as it was at that
 * point; the right end follows the run.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { timelineUnit } from '../../store/timeline';
import { scrubPosition, timelineLength } from '../../store/timelineSlice';
import './importRun.css';

export function TimelineScrubber() {
  const { t } = useTranslation('import');
  const total = useAppStore(timelineLength);
  const epochs = useAppStore((s) => timelineUnit(s.config) === 'epochs');
  const position = useAppStore(scrubPosition);
  const running = useAppStore((s) => s.status === 'running');
  const scrubTo = useAppStore((s) => s.scrubTo);
  const live = position === null;
  const shown = position ?? total;
  // Epochs: position 0 is before the first, so `total` positions hold total - 1 epochs.
  const empty = total === 0 || (epochs && total === 1);
  const readout =
    empty && live
      ? t(epochs ? 'timeline.emptyEpochs' : 'timeline.empty')
      : live
        ? t('timeline.live')
        : epochs
          ? t('timeline.positionEpochs', { position: shown, total: total - 1 })
          : t('timeline.position', { position: shown, total });

  return (
    <section
      className="timeline"
      aria-labelledby="timeline-label"
      title={running ? t('timeline.running') : t(epochs ? 'timeline.hintEpochs' : 'timeline.hint')}
    >
      <div className="timeline-head">
        <span id="timeline-label" className="timeline-label">
          {t('timeline.label')}
        </span>
        <output
          className={`timeline-readout ${live ? 'live' : ''}`}
          htmlFor="timeline-range"
          data-testid="timeline.readout"
          data-position={shown}
          data-total={total}
          data-unit={epochs ? 'epochs' : 'proposals'}
          data-live={live}
        >
          {readout}
        </output>
        <button
          type="button"
          className="button ghost small"
          data-testid="timeline.live"
          disabled={live}
          title={t('timeline.followLiveTitle')}
          onClick={() => scrubTo(null)}
        >
          {t('timeline.followLive')}
        </button>
      </div>
      <input
        id="timeline-range"
        type="range"
        className="timeline-range"
        data-testid="timeline.scrubber"
        min={0}
        max={total}
        step={1}
        value={shown}
        disabled={running || empty}
        aria-label={t(epochs ? 'timeline.ariaEpochs' : 'timeline.aria')}
        aria-valuetext={readout}
        onChange={(e) => scrubTo(Number(e.currentTarget.value))}
      />
    </section>
  );
}
