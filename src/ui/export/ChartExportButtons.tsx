/**
 * Small SVG and PNG buttons in a strip above a chart, never over it (`export.svg.<chart>`,
 * `export.png.<chart>`, <chart> = the host's test id without a leading `chart.`). The file is
 * titled after the chart's panel.
 */
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { serializeChartSvg, svgToPng } from '../../charts/exportSvg';
import { downloadBlob, downloadText } from '../download';

/** The <chart> part of the export buttons' test ids for a chart host's test id. */
export function chartExportId(testId: string): string {
  return testId.startsWith('chart.') ? testId.slice('chart.'.length) : testId;
}

/** The chart's title: its panel's heading, else its id. */
function chartTitle(host: HTMLElement, id: string): string {
  const heading = host.closest('section')?.querySelector('h2, h3')?.textContent?.trim();
  return heading && heading !== '' ? heading : id;
}

export interface ChartExportButtonsProps {
  /** The chart host's test id. */
  testId: string;
  host: RefObject<HTMLDivElement | null>;
}

export function ChartExportButtons({ testId, host }: ChartExportButtonsProps) {
  const { t } = useTranslation('export');
  const [error, setError] = useState<string | null>(null);
  const id = chartExportId(testId);
  const theme = () => document.documentElement.getAttribute('data-theme') ?? 'light';
  const fileName = (ext: string) => `nas-playground-${id.replace(/\./g, '-')}-${theme()}.${ext}`;

  const svgText = (): string | null => {
    const el = host.current;
    const root = el?.querySelector<HTMLElement>(':scope > .nas-chart') ?? el;
    if (!el || !root) return null;
    return serializeChartSvg(root, { title: chartTitle(el, id) });
  };
  const run = (action: () => Promise<void> | void) => {
    setError(null);
    Promise.resolve()
      .then(action)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  return (
    <div className="chart-export" data-export="skip">
      <button
        type="button"
        className="chart-export-button"
        data-testid={`export.svg.${id}`}
        title={t('chart.svgTitle')}
        onClick={() =>
          run(() => {
            const text = svgText();
            if (text) downloadText(fileName('svg'), text, 'image/svg+xml');
          })
        }
      >
        {t('chart.svg')}
      </button>
      <button
        type="button"
        className="chart-export-button"
        data-testid={`export.png.${id}`}
        title={t('chart.pngTitle')}
        onClick={() =>
          run(async () => {
            const text = svgText();
            if (text) downloadBlob(fileName('png'), await svgToPng(text, 2));
          })
        }
      >
        {t('chart.png')}
      </button>
      {error !== null && (
        <span className="chart-export-error" role="alert">
          {t('chart.failed', { message: error })}
        </span>
      )}
    </div>
  );
}
