/**
 * The compute setting (#22, src/train/compute.ts). Auto picks what measured fastest on this
 * machine: on a software adapter (this machine's SwiftShader, a classroom laptop without a usable
 * GPU) tfjs on WebGL and the engine, saying so; on a real GPU tfjs on WebGPU. A forced choice is
 * obeyed, remembered across a reload, and changing it keeps the run.
 */
import { expect, test } from './fixtures/app';

test.use({ compute: 'auto' });

test('Auto picks the fastest path here, and a forced path is obeyed and remembered', async ({ app, page }) => {
  await app.goto();
  await app.api('configure', { fidelity: 'test', seed: 5 });
  await app.waitForBackend();
  const select = app.byTestId('settings.compute');
  await expect(select).toHaveValue('auto');
  const title = (await app.byTestId('status.backend').getAttribute('title')) ?? '';
  const software = /swiftshader|llvmpipe|lavapipe/i.test(title);
  const active = app.byTestId('settings.computeActive');

  let snapshot = await app.snapshot();
  if (software) {
    expect(snapshot.backend).toBe('webgl');
    expect(snapshot.compute).toEqual({ preference: 'auto', engine: true, autoSoftware: true });
    await expect(active).toHaveText(/the engine, and tfjs WebGL .*\(no GPU: measured fastest/);
    await expect(app.byTestId('status.backendReason')).toHaveText('Auto: WebGL and the engine train fastest without a GPU');
  } else {
    expect(snapshot.backend).toBe('webgpu');
    expect(snapshot.compute).toEqual({ preference: 'auto', engine: false, autoSoftware: false });
    await expect(active).toHaveText('Now: tfjs WebGPU');
  }

  // One model: on a software adapter the engine trains it, though the run says trainingPath tfjs.
  await app.api('step');
  snapshot = await app.waitForResults(1);
  await app.waitForStopped();
  expect(snapshot.history[0]!.trainedOn).toBe(software ? 'engine' : undefined);

  // Forcing tfjs WebGPU restores the run in a fresh worker: the model stays, the next trains on tfjs.
  await select.selectOption('webgpu');
  await expect(app.byTestId('status.backend')).toHaveText('webgpu', { timeout: 60_000 });
  await expect(active).toHaveText('Now: tfjs WebGPU (forced)');
  await expect(app.byTestId('status.backendReason')).toHaveCount(0);
  expect((await app.snapshot()).history).toHaveLength(1);
  await app.api('step');
  snapshot = await app.waitForResults(2);
  await app.waitForStopped();
  expect(snapshot.history[1]!.trainedOn).toBeUndefined();
  expect(snapshot.compute).toEqual({ preference: 'webgpu', engine: false, autoSoftware: false });

  // Remembered in this browser, and the run survives the reload.
  await page.reload();
  await page.waitForFunction(() => 'nasPlayground' in window);
  await expect(select).toHaveValue('webgpu');
  await expect(app.byTestId('status.backend')).toHaveText('webgpu', { timeout: 60_000 });
  expect((await app.snapshot()).history).toHaveLength(2);

  // A value the API does not know is refused with the list, and changes nothing.
  const refusal = await page.evaluate(() =>
    (window as unknown as { nasPlayground: { setCompute(v: string): Promise<void> } }).nasPlayground
      .setCompute('gpu')
      .then(
        () => 'resolved',
        (err: Error) => err.message,
      ),
  );
  expect(refusal).toBe("compute must be one of 'auto', 'engine', 'webgpu', 'webgl', 'cpu'; got \"gpu\"");
  await expect(select).toHaveValue('webgpu');
});
