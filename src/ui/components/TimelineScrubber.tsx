/**
 * The timeline scrubber: an `<input type=range>` over the proposals of the run (keyboard:
 * arrows, Page Up/Down, Home, End) and a readout. Every chart, the Q-table, the leaderboard
 * and the strategy views show the run as it was at that point; the right end follows the run.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { scrubPosition } from '../../store/timelineSlice';
import './importRun.css';

export function TimelineScrubber() {
  const { t } = useTranslation('import');
  const total = useAppStore((s) => s.view.counts.proposed);
  const position = useAppStore(scrubPosition);
  const running = useAppStore((s) => s.status === 'running');
  const scrubTo = useAppStore((s) => s.scrubTo);
  const live = position === null;
  const shown = position ?? total;
  const readout =
    total === 0
      ? t('timeline.empty')
      : live
        ? t('timeline.live')
        : t('timeline.position', { position: shown, total });

  return (
    <section
      className="timeline"
      aria-labelledby="timeline-label"
      title={running ? t('timeline.running') : t('timeline.hint')}
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
        disabled={running || total === 0}
        aria-label={t('timeline.aria')}
        aria-valuetext={readout}
        onChange={(e) => scrubTo(Number(e.currentTarget.value))}
      />
    </section>
  );
}
