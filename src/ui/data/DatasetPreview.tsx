/**
 * What an import read, before it is kept: images per class with a strip of samples each, the
 * size they are resized to, grey or RGB, and the train/validation split a run on it starts with.
 * The user names it and saves it, or cancels (nothing is stored).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportSide } from '../../data/import/types';
import type { HashedDraft } from './datasetService';
import { SampleStrip, sampleIndices } from './SampleStrip';

/** The sides an import can resize to. */
const SIDES: readonly ImportSide[] = [14, 28];
/** Samples shown per class. */
const SAMPLES = 8;
/** Classes listed with their samples; the rest are counted. */
const CLASSES_SHOWN = 12;

export function DatasetPreview({
  draft,
  suggestedName,
  split,
  busy,
  onSave,
  onCancel,
  onSide,
}: {
  draft: HashedDraft;
  suggestedName: string;
  split: { trainImages: number; valImages: number };
  busy: boolean;
  onSave(name: string): void;
  onCancel(): void;
  /** Reads the files again at another side (keeping the name typed so far). */
  onSide(side: ImportSide, name: string): void;
}) {
  const { t } = useTranslation('data');
  const [name, setName] = useState(suggestedName);
  const count = draft.labels.length;
  const source =
    draft.sourceSize === 'mixed'
      ? t('mixedSizes')
      : t('sourceSize', { width: draft.sourceSize.width, height: draft.sourceSize.height });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() !== '') onSave(name.trim());
  };
  return (
    <form className="data-preview" data-testid="data.preview" data-id={draft.id} onSubmit={submit}>
      <p className="data-facts" data-testid="data.facts">
        {t('facts', {
          count,
          classes: draft.classNames.length,
          format: t(`format.${draft.format}`),
        })}
        <br />
        {t('resized', {
          side: draft.side,
          colour: t(draft.channels === 1 ? 'grey' : 'rgb'),
          source,
        })}
        <br />
        <label className="data-side">
          {t('sideLabel')}{' '}
          <select
            className="input select"
            data-testid="data.side"
            value={draft.side}
            disabled={busy}
            onChange={(e) => onSide(Number(e.target.value) as ImportSide, name)}
          >
            {SIDES.map((side) => (
              <option key={side} value={side}>
                {side}×{side}
              </option>
            ))}
          </select>
        </label>
        <br />
        <span data-testid="data.split" data-train={split.trainImages} data-val={split.valImages}>
          {t('split', split)}
        </span>
      </p>
      <ul className="data-classes" data-testid="data.classes">
        {draft.classNames.slice(0, CLASSES_SHOWN).map((className, label) => (
          <li
            key={className}
            className="data-class"
            data-testid="data.class"
            data-count={draft.perClass[label]}
          >
            <span className="data-class-name">
              {className} <span className="data-class-count">{draft.perClass[label]}</span>
            </span>
            <SampleStrip
              pixels={draft.pixels}
              indices={sampleIndices(draft.labels, label, SAMPLES)}
              side={draft.side}
              channels={draft.channels}
              label={t('samplesOf', { name: className })}
            />
          </li>
        ))}
      </ul>
      {draft.classNames.length > CLASSES_SHOWN && (
        <p className="runs-caption">{t('moreClasses', { count: draft.classNames.length - CLASSES_SHOWN })}</p>
      )}
      <label className="data-name">
        <span>{t('nameLabel')}</span>
        <input
          className="input"
          data-testid="data.name"
          value={name}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <div className="runs-actions">
        <button
          type="submit"
          className="button small primary"
          data-testid="data.save"
          disabled={busy || name.trim() === ''}
        >
          {t('save')}
        </button>
        <button type="button" className="button small" data-testid="data.cancel" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
