import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures/app';
import { expandedEvents } from './fixtures/qUpdates';

/** The explain cursor (index of the step shown) and the number of steps logged. */
async function position(page: Page): Promise<{ cursor: number; total: number }> {
  const chip = page.getByTestId('explain.position');
  return {
    cursor: Number(await chip.getAttribute('data-cursor')),
    total: Number(await chip.getAttribute('data-total')),
  };
}

/** Presses `advance` and waits until exactly one more step is shown (a model may train first). */
async function stepOnce(page: Page, advance: () => Promise<void>): Promise<number> {
  const before = (await position(page)).cursor;
  await advance();
  await expect(page.getByTestId('explain.position')).toHaveAttribute('data-cursor', String(before + 1), {
    timeout: 180_000,
  });
  return before + 1;
}

const num = async (el: Locator, attr: string) => Number(await el.getAttribute(attr));

test('explain mode steps a tiny MetaQNN run one decision at a time; shortcuts; presentation mode', async ({
  app,
  page,
}, testInfo) => {
  await app.goto();
  await app.waitForBackend();
  // Two replay samples per model keep the Q-updates of a model few enough to step through.
  await app.api('configure', { fidelity: 'test', seed: 11, metaqnn: { replaySamples: 2 } });

  await app.byTestId('explain.toggle').click();
  const panel = app.byTestId('explain.panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('explain.speed')).toHaveValue('0');

  // The first press proposes a model: its first choice is shown, at epsilon 1 an exploration.
  await stepOnce(page, () => app.byTestId('explain.next').click());
  const choice = panel.getByTestId('explain.choice');
  await expect(choice).toBeVisible();
  const epsilon = await num(choice, 'data-epsilon');
  expect(epsilon).toBe(1);
  const mode = await choice.getAttribute('data-mode');
  if (mode === 'forced') {
    await expect(panel.getByTestId('explain.choice.row')).toHaveCount(1);
  } else {
    expect(mode).toBe('explore');
    expect(await num(choice, 'data-u')).toBeLessThan(epsilon);
    await expect(choice).toContainText(/u = 0\.\d{4} < ε = 1/);
  }
  // The chosen action is one of the legal actions listed, and the Q-table focuses its cell.
  const chosenRow = panel.locator('[data-testid="explain.choice.row"][data-chosen="true"]');
  await expect(chosenRow).toHaveCount(1);
  const qtable = page.locator('[data-testid="qtable"] .qtable-view');
  await expect(qtable).toHaveAttribute('data-focus-state', (await choice.getAttribute('data-state'))!);
  await expect(qtable).toHaveAttribute('data-focus-action', (await choice.getAttribute('data-action'))!);
  expect(await num(qtable, 'data-focus-q')).toBe(await num(chosenRow, 'data-q'));

  // One press, one step, until the model's Q-updates come (after it has trained).
  const equation = panel.getByTestId('explain.equation');
  for (let guard = 0; guard < 20 && !(await equation.isVisible()); guard++) {
    await stepOnce(page, () => app.byTestId('explain.next').click());
  }
  await expect(equation).toBeVisible();

  // The first update of the run: the last transition of model 1, from Q0 = 0.5 with no future.
  const run = await app.exportRun();
  const result = run.events.find((e) => e.type === 'result')!;
  const firstUpdate = expandedEvents(run).find((e) => e.type === 'q-update')!;
  if (result.type !== 'result' || firstUpdate.type !== 'q-update') throw new Error('unexpected log');
  const oldQ = await num(equation, 'data-old-q');
  const alpha = await num(equation, 'data-alpha');
  const reward = await num(equation, 'data-reward');
  const gamma = await num(equation, 'data-gamma');
  const maxNextQ = await num(equation, 'data-max-next-q');
  const newQ = await num(equation, 'data-new-q');
  expect([oldQ, alpha, reward, gamma, maxNextQ]).toEqual([0.5, 0.01, result.reward, 1, 0]);
  expect(newQ).toBe(firstUpdate.newQ);
  expect(newQ).toBeCloseTo(oldQ + alpha * (reward + gamma * maxNextQ - oldQ), 12);
  // The equation is written with those numbers, and the Q-table cell explained holds the new Q.
  await expect(equation).toContainText(
    `Q_new = 0.500000 + 0.01·(${reward.toFixed(6)} + 1·0.000000 − 0.500000)`,
  );
  await expect(equation).toContainText(`= ${newQ.toFixed(6)}`);
  await expect(qtable).toHaveAttribute('data-focus-state', (await equation.getAttribute('data-state'))!);
  await expect(qtable).toHaveAttribute('data-focus-action', (await equation.getAttribute('data-action'))!);
  expect(await num(qtable, 'data-focus-q')).toBe(newQ);

  // The next update (earlier transition, or a replay): its max next Q and its cell, again.
  await stepOnce(page, () => page.keyboard.press('ArrowRight'));
  await expect(equation).toBeVisible();
  const q2 = await num(equation, 'data-new-q');
  expect(q2).toBeCloseTo(
    (await num(equation, 'data-old-q')) +
      0.01 *
        ((await num(equation, 'data-reward')) +
          (await num(equation, 'data-max-next-q')) -
          (await num(equation, 'data-old-q'))),
    12,
  );
  expect(await num(qtable, 'data-focus-q')).toBe(q2);

  // Space at one step per press shows one step too.
  await page.locator('body').click({ position: { x: 5, y: 1000 } });
  await stepOnce(page, () => page.keyboard.press(' '));

  // Playing at 16 steps/s runs through steps by itself; space pauses it.
  await panel.getByTestId('explain.speed').selectOption('3');
  const before = (await position(page)).cursor;
  await page.locator('body').click({ position: { x: 5, y: 1000 } });
  await page.keyboard.press(' ');
  await expect(panel.getByTestId('explain.play')).toHaveText(/Pause/);
  await expect
    .poll(async () => (await position(page)).cursor, { timeout: 20_000 })
    .toBeGreaterThan(before + 2);
  await page.keyboard.press(' ');
  await expect(panel.getByTestId('explain.play')).toHaveText(/Play/);
  await app.waitForStopped();

  // Help: `?` opens it, Escape closes it, and so does the header button.
  await page.keyboard.press('?');
  await expect(app.byTestId('help.panel')).toBeVisible();
  await expect(app.byTestId('help.panel')).toContainText('Space');
  await page.keyboard.press('Escape');
  await expect(app.byTestId('help.panel')).toBeHidden();
  await app.byTestId('help.open').click();
  await expect(app.byTestId('help.panel')).toBeVisible();
  await app.byTestId('help.close').click();
  await expect(app.byTestId('help.panel')).toBeHidden();

  // Typing "r" in a field is typing, not a reset.
  const proposed = (await app.snapshot()).counts.proposed;
  expect(proposed).toBeGreaterThan(0);
  const seed = page.locator('[data-testid="config.seed"]');
  await seed.focus();
  await page.keyboard.press('r');
  await page.keyboard.press('ArrowRight');
  expect((await app.snapshot()).counts.proposed).toBe(proposed);
  // R outside a field resets the run and rewinds the explanation.
  await page.locator('body').click({ position: { x: 5, y: 1000 } });
  await page.keyboard.press('R');
  await expect.poll(async () => (await app.snapshot()).counts.proposed).toBe(0);
  await expect(app.byTestId('explain.position')).toHaveAttribute('data-cursor', '-1');

  // Presentation mode: larger type at 1920x1080, light and dark.
  const title = page.locator('.app-header h1');
  const small = (await title.boundingBox())!.height;
  await app.byTestId('present.toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-presentation', 'on');
  expect((await title.boundingBox())!.height).toBeGreaterThan(small * 1.2);
  expect(page.viewportSize()).toEqual({ width: 1920, height: 1080 });
  // The page still fits the projector's screen: no horizontal scrolling.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await testInfo.attach(`presentation-${theme}.png`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
  }
  await app.byTestId('present.toggle').click();
  await expect(page.locator('html')).not.toHaveAttribute('data-presentation', 'on');
  expect((await title.boundingBox())!.height).toBeCloseTo(small, 0);
});
