import { test, expect } from './fixtures/app';

/** The part of `window.nasPlayground` used inside the page. */
interface PauseApi {
  pause(): Promise<void>;
  snapshot(): Promise<{ status: string }>;
}

/** What the page shows right after Pause (or `pause()`), and what the run says before and after. */
interface PauseTrace {
  statusBefore: string;
  buttonPausing: string | null;
  buttonText: string;
  pillPausing: string | null;
  pillText: string;
  /** `snapshot().status` while the pausing state was shown. */
  statusWhilePausing: string;
  /** `snapshot().status` right after `pause()` resolved. */
  statusAfter: string;
}

test('Pause while a model trains says so at once, pause() resolves once paused, and the ETA follows the first model', async ({
  app,
}) => {
  await app.goto('#strategy=metaqnn&fidelity=test');
  await app.waitForBackend();

  // A fresh browser has no earlier run to go by: the estimate waits for the first model.
  const eta = app.byTestId('status.eta');
  await expect(eta).toHaveAttribute('data-basis', 'none');
  await expect(eta).toHaveText('after 1st model');

  await app.byTestId('controls.start').click();
  await app.waitForTrained(1);
  await expect(eta).toHaveAttribute('data-basis', 'run');
  await expect(eta).toHaveText(/^about \d+(\.5)? (s|min|h)$/);
  expect(Number(await eta.getAttribute('data-eta-ms'))).toBeGreaterThan(0);

  // Pressing Pause while the next model trains: the button and the status say so at once; the
  // test API's pause() waits for the model to finish.
  const viaButton = await app.page.evaluate(async (): Promise<PauseTrace> => {
    const api = (window as unknown as { nasPlayground: PauseApi }).nasPlayground;
    const button = document.querySelector<HTMLButtonElement>('[data-testid="controls.pause"]')!;
    const pill = document.querySelector('[data-testid="status.run"]')!;
    const statusBefore = (await api.snapshot()).status;
    button.click();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const shown = {
      buttonPausing: button.getAttribute('data-pausing'),
      buttonText: button.textContent ?? '',
      pillPausing: pill.getAttribute('data-pausing'),
      pillText: pill.textContent ?? '',
    };
    const statusWhilePausing = (await api.snapshot()).status;
    await api.pause();
    return { statusBefore, ...shown, statusWhilePausing, statusAfter: (await api.snapshot()).status };
  });
  expect(viaButton).toEqual({
    statusBefore: 'running',
    buttonPausing: 'true',
    buttonText: 'Pausing…',
    pillPausing: 'true',
    pillText: 'Pausing after this model…',
    statusWhilePausing: 'running',
    statusAfter: 'paused',
  });
  await expect(app.byTestId('controls.pause')).not.toHaveAttribute('data-pausing');
  await expect(app.byTestId('status.run')).toHaveText('paused');

  // The same through the test API alone: resumed, then paused while the model trains.
  await app.api('start');
  const viaApi = await app.page.evaluate(async () => {
    const api = (window as unknown as { nasPlayground: PauseApi }).nasPlayground;
    const statusBefore = (await api.snapshot()).status;
    const paused = api.pause();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const pillPausing = document.querySelector('[data-testid="status.run"]')!.getAttribute('data-pausing');
    await paused;
    return { statusBefore, pillPausing, statusAfter: (await api.snapshot()).status };
  });
  expect(viaApi).toEqual({ statusBefore: 'running', pillPausing: 'true', statusAfter: 'paused' });

  // A new run of the same kind starts from what this machine just measured.
  await app.api('reset');
  await expect(eta).toHaveAttribute('data-basis', 'previous');
  await expect(eta).toHaveText(/^about \d+(\.5)? (s|min|h) \(last run\)$/);
});
