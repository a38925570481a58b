/**
 * The lesson picker: applies a lesson's settings and seed to the form (like any edit, they wait
 * for Reset once a run exists) and explains what to look for while the settings are the lesson's.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { findLesson, lessons, matchingLesson } from '../../nas/lessons';
import { useAppStore } from '../../store';
import './share.css';

export function LessonPicker() {
  const { t } = useTranslation('lessons');
  const draft = useAppStore((s) => s.draft);
  const locked = useAppStore((s) => s.status === 'running');
  const patchConfig = useAppStore((s) => s.patchConfig);
  const clearFieldErrors = useAppStore((s) => s.clearFieldErrors);
  const lesson = useMemo(() => matchingLesson(draft), [draft]);

  const choose = (id: string) => {
    const chosen = findLesson(id);
    if (!chosen) return;
    clearFieldErrors();
    patchConfig(chosen.patch);
  };

  return (
    <section className="lesson" aria-label={t('label')}>
      <label className="lesson-pick">
        <span>{t('label')}</span>
        <select
          className="input select"
          data-testid="lesson.select"
          value={lesson?.id ?? ''}
          disabled={locked}
          title={t('help')}
          onChange={(e) => choose(e.target.value)}
        >
          <option value="">{t('choose')}</option>
          {lessons().map((l) => (
            <option key={l.id} value={l.id}>
              {t(`items.${l.id}.title`)}
            </option>
          ))}
        </select>
      </label>
      {lesson && (
        <div className="lesson-note" data-testid="lesson.note" data-lesson={lesson.id}>
          {/* The select is as wide as the sidebar and cuts long titles: the note repeats it whole. */}
          <strong className="lesson-title" data-testid="lesson.title">
            {t(`items.${lesson.id}.title`)}
          </strong>
          <p>{t(`items.${lesson.id}.note`)}</p>
        </div>
      )}
    </section>
  );
}
