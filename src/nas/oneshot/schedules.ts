/**
 * The per-epoch schedules of the one-shot searches: SNAS's linear temperature annealing and the
 * cosine learning rate of the shared weights (DARTS, SNAS), each as the authors' code steps it
 * once at the start of every epoch.
 * Pure module: no DOM, React or tfjs.
 */

/**
 * The Gumbel-softmax temperature lambda of epoch `epoch` (from 0) of `epochs`, annealed linearly
 * from `start` to `end` per epoch, not per step: the SNAS authors' `Temp_Scheduler`
 * (SNAS-Series/SNAS-Series, SNAS/utils.py) is built at `start` and stepped once at the start of
 * each epoch in SNAS/train_search.py, before the epoch trains, so epoch e runs at
 * `(1 - (e + 1) / epochs) * (start - end) + end`, clamped at `end`: the last epoch runs at `end`
 * and `start` itself is never trained with. (`decay_whole_process` hard-codes `total_epochs = 150`,
 * the script's default `--epochs`; here it is `epochs`.)
 */
export function snasTemperature(epoch: number, epochs: number, start = 1.0, end = 0.03): number {
  checkEpoch(epoch, epochs);
  const t = (1 - (epoch + 1) / epochs) * (start - end) + end;
  return Math.max(t, end);
}

/**
 * The learning rate of epoch `epoch` (from 0) of `epochs` under PyTorch's
 * `CosineAnnealingLR(optimizer, T_max=epochs, eta_min=lrMin)` as DARTS steps it
 * (quark0/darts cnn/train_search.py: `scheduler.step()` at the start of every epoch, then
 * `lr = scheduler.get_lr()[0]`, under PyTorch 0.3.1 whose `_LRScheduler.__init__` leaves
 * `last_epoch = -1`, so epoch e is computed at last_epoch = e): the closed form
 * lrMin + (lrMax - lrMin) (1 + cos(pi e / epochs)) / 2. Epoch 0 runs at lrMax; the last epoch
 * just above lrMin. SNAS/train_search.py steps its scheduler the same way.
 */
export function cosineLr(epoch: number, epochs: number, lrMax: number, lrMin: number): number {
  checkEpoch(epoch, epochs);
  return lrMin + ((lrMax - lrMin) * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
}

function checkEpoch(epoch: number, epochs: number): void {
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(epoch) || epoch < 0 || epoch >= epochs)
    throw new Error(`epoch must be an integer in 0..${epochs - 1}, got ${epoch}`);
}
