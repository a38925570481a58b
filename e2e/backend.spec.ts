/**
 * The header says when the GPU is emulated on the CPU (#22): on this machine's SwiftShader, as on
 * a classroom laptop without a usable GPU, a "no GPU" badge; on a real GPU none.
 */
import { expect, test } from './fixtures/app';

test('the header marks a software adapter, and only a software adapter', async ({ app }) => {
  await app.goto();
  await app.api('configure', { fidelity: 'test' });
  await app.api('step');
  await app.waitForBackend();
  const title = (await app.byTestId('status.backend').getAttribute('title')) ?? '';
  const software = /swiftshader|llvmpipe|lavapipe/i.test(title);
  const badge = app.byTestId('status.softwareAdapter');
  if (software) {
    await expect(badge).toHaveText('no GPU');
    await expect(badge).toHaveAttribute('title', /on the CPU \(.*swiftshader.*\)/i);
  } else await expect(badge).toHaveCount(0);
  await app.waitForResults(1);
});
