import { test, expect } from './fixtures/app';
import { scheduleForBudget } from '../src/nas/strategies/metaqnn/config';
import { validateRunLog } from '../src/nas/runlogSchema';

test('a 300-model Q-learning run on NAS-Bench-201 CIFAR-10 completes in the browser with its views', async ({
  app,
  page,
}) => {
  await app.goto();
  // 300 unique models in the shape of the paper's schedule.
  const schedule = scheduleForBudget(300);
  expect(schedule.reduce((a, s) => a + s.models, 0)).toBe(300);
  await app.api('configure', {
    space: 'nb201',
    dataset: 'nb201-cifar10',
    seed: 7,
    metaqnn: { epsilonSchedule: schedule },
  });
  // Nothing trains here: the data and training settings are hidden, the citation is shown.
  await expect(page.locator('[data-option="training.epochs"]')).toHaveCount(0);
  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done', 5 * 60_000);
  expect(final.counts.trained).toBe(300);
  for (const r of final.history) {
    expect(r.backend).toBe('nas-bench-201');
    expect(r.arch).toMatch(/^\|[a-z_0-9]+~0\|\+\|/);
    expect(r.reward).toBeGreaterThanOrEqual(0);
    expect(r.reward).toBeLessThanOrEqual(1);
  }

  await expect(app.byTestId('nb201.rank')).toContainText('/ 15,625');
  await expect(app.byTestId('nb201.percentile')).toHaveAttribute('data-percentile', /\d/);
  await expect(page.locator('[data-testid="chart.regret"] [data-points]').first()).toHaveAttribute(
    'data-points',
    '300',
  );
  await expect(app.byTestId('chart.distribution')).toBeVisible();
  await expect(app.byTestId('nb201.greedy')).toBeVisible();
  await expect(app.byTestId('nb201.citation')).toContainText('NAS-Bench-201');
  // Looked-up cells have no parameters or training time here: no columns of zeros.
  const leaderboard = app.byTestId('leaderboard').locator('table');
  await expect(leaderboard).toHaveAttribute('data-columns', 'reward');
  await expect(leaderboard.locator('th')).toHaveText(['#', 'Architecture', 'Reward', '↺']);

  const run = await app.exportRun();
  expect(validateRunLog(JSON.stringify(run))).toMatchObject({ ok: true });
});
